using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using ShuffleNetGen.Runtime.Weights;
using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>
/// Issue 16: a real torchvision <c>shufflenet_v2_x0_5(weights=None)</c> with seeded random weights, saved by
/// <c>torch.save(state_dict)</c> (float16, see tests/ShuffleNetGen.Runtime.Tests/Weights/Fixtures/make_pth_fixtures.py),
/// loads into the generated class, gives torch's logits, and gives bit for bit the logits of the same tensors from safetensors.
/// </summary>
public sealed class PthCheckpointEndToEndTests
{
    private const string Fixtures = "tests/ShuffleNetGen.Runtime.Tests/Weights/Fixtures";

    private static string CheckpointPath => RepositoryFiles.PathOf($"{Fixtures}/shufflenet_v2_x0_5.f16.pth");

    [Fact]
    public void A_pth_gives_torchs_logits()
    {
        float[] logits = Predict(ShuffleNetV2X0_5.Load(CheckpointPath));
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(RepositoryFiles.PathOf($"{Fixtures}/shufflenet_v2_x0_5.logits.json")));
        float[] torch = json.RootElement.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

        // Folded BatchNorm and another summation order than torch's CPU kernels: the tolerance of the other end-to-end tests.
        ModelFixture.AssertClose(torch, logits, 1e-4, "V2 0.5x from .pth vs torch");
    }

    [Fact]
    public void The_same_tensors_from_pth_and_safetensors_give_bit_identical_logits()
    {
        string safetensors = Path.Combine(Path.GetTempPath(), $"sng-pth-vs-st-{Environment.ProcessId}.safetensors");
        using (WeightFile checkpoint = WeightFile.Open(CheckpointPath))
        {
            Assert.IsType<PyTorchCheckpoint>(checkpoint);
            SafetensorsWriter.Write(safetensors, checkpoint.StoredTensors.Values
                .Where(t => SafetensorsDTypeNames.IsFloatingPoint(t.DType))
                .Select(t =>
                {
                    int[] shape = t.Shape.Select(d => (int)d).ToArray();
                    var values = new float[shape.Aggregate(1, (a, d) => a * d)];
                    checkpoint.ReadFloat32(t.Key, shape, values);
                    return SafetensorsTensor.FromFloats(t.Key, shape, values);
                }).ToArray());
        }

        try
        {
            float[] fromPth = Predict(ShuffleNetV2X0_5.Load(CheckpointPath));
            float[] fromStream = Predict(ShuffleNetV2X0_5.Load(new MemoryStream(File.ReadAllBytes(CheckpointPath))));
            float[] fromSafetensors = Predict(ShuffleNetV2X0_5.Load(safetensors));

            Assert.True(MemoryMarshal.AsBytes(fromPth.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(fromSafetensors.AsSpan())), "pth and safetensors logits differ");
            Assert.True(MemoryMarshal.AsBytes(fromStream.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(fromPth.AsSpan())), "pth from a stream differs");
        }
        finally
        {
            File.Delete(safetensors);
        }
    }

    [Fact]
    public void Megvii_v1_weights_in_a_v2_model_are_named_as_such()
    {
        var v1 = new ModelFixture("shufflenet_v1_g3_x1_0", seed: 5);

        WeightFileException e = Assert.Throws<WeightFileException>(() => ShuffleNetV2X0_5.Load(v1.WeightsPath));

        Assert.Contains($"does not hold the weights of ShuffleNetV2X0_5: {ShuffleNetV2X0_5.Info.Tensors.Count} missing", e.Message, StringComparison.Ordinal);
        Assert.Contains("hint: the file's keys look like megvii ShuffleNetV1 (ShuffleNet-Series) names; ShuffleNetV2X0_5 loads torchvision ShuffleNetV2 (shufflenetv2.py) names",
            e.Message, StringComparison.Ordinal);
    }

    /// <summary>The fixture script's input: ((i * 7919) mod 1000) / 500 - 1, exact in both languages.</summary>
    private static float[] Predict(ShuffleNetV2X0_5 model)
    {
        float[] input = Enumerable.Range(0, ShuffleNetV2X0_5.InputLength).Select(i => (float)((i * 7919L % 1000) / 500.0 - 1.0)).ToArray();
        var logits = new float[ShuffleNetV2X0_5.Classes];
        model.Predict(input, logits);
        return logits;
    }
}
