using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ShuffleNetGen.Reference;
using ShuffleNetGen.Runtime.Weights;
using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>DESIGN.md contract 2 on a real generated class: argument checks, no allocation, thread safety, weight loading paths.</summary>
[Collection(AllocationCollection.Name)]
public sealed class PredictContractTests : IClassFixture<PredictContractTests.SmallModel>
{
    /// <summary>V2 0.5x with random weights: the cheapest canonical model.</summary>
    public sealed class SmallModel
    {
        internal ModelFixture Fixture { get; } = new("shufflenet_v2_x0_5", seed: 77);
        public ShuffleNetV2X0_5 Model { get; }
        public SmallModel() => Model = ShuffleNetV2X0_5.Load(Fixture.WeightsPath);
    }

    private readonly SmallModel _small;

    public PredictContractTests(SmallModel small) => _small = small;

    [Fact]
    public void Predict_allocates_nothing()
    {
        var input = _small.Fixture.Input.AsSpan(0, ShuffleNetV2X0_5.InputLength).ToArray();
        var output = new float[ShuffleNetV2X0_5.Classes];
        for (int i = 0; i < 20; i++) _small.Model.Predict(input, output);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) _small.Model.Predict(input, output);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Concurrent_predicts_on_one_instance_match_sequential_results()
    {
        const int threads = 8, images = ModelFixture.Batch;
        int inLength = ShuffleNetV2X0_5.InputLength, classes = ShuffleNetV2X0_5.Classes;
        float[] input = _small.Fixture.Input;
        var sequential = new float[images][];
        for (int b = 0; b < images; b++)
        {
            sequential[b] = new float[classes];
            _small.Model.Predict(input.AsSpan(b * inLength, inLength), sequential[b]);
        }

        using var start = new Barrier(threads);
        var failures = new string?[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var output = new float[classes];
            start.SignalAndWait();
            for (int round = 0; round < 6; round++)
            {
                int b = (t + round) % images;
                _small.Model.Predict(input.AsSpan(b * inLength, inLength), output);
                if (!output.AsSpan().SequenceEqual(sequential[b])) failures[t] = $"thread {t}, round {round}, image {b}";
            }
        });
        Assert.All(failures, f => Assert.Null(f));
    }

    [Fact]
    public void Wrong_lengths_and_batches_throw_with_expected_and_actual_sizes()
    {
        var model = _small.Model;
        var input = new float[ShuffleNetV2X0_5.InputLength];
        var output = new float[ShuffleNetV2X0_5.Classes];

        var shortInput = Assert.Throws<ArgumentException>(() => model.Predict(new float[input.Length - 1], output));
        Assert.Equal("input", shortInput.ParamName);
        Assert.Contains(ShuffleNetV2X0_5.InputLength.ToString(), shortInput.Message);
        Assert.Contains((input.Length - 1).ToString(), shortInput.Message);

        var longOutput = Assert.Throws<ArgumentException>(() => model.Predict(input, new float[1001]));
        Assert.Equal("output", longOutput.ParamName);
        Assert.Contains("1000", longOutput.Message);
        Assert.Contains("1001", longOutput.Message);

        var batchMismatch = Assert.Throws<ArgumentException>(() => model.Predict(input, new float[2000], 2));
        Assert.Contains((2 * ShuffleNetV2X0_5.InputLength).ToString(), batchMismatch.Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => model.Predict(input, output, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Predict(input, output, -1));
    }

    [Fact]
    public void Load_from_a_stream_gives_the_same_logits_as_from_a_path()
    {
        var input = _small.Fixture.Input.AsSpan(0, ShuffleNetV2X0_5.InputLength).ToArray();
        var fromPath = new float[ShuffleNetV2X0_5.Classes];
        var fromStream = new float[ShuffleNetV2X0_5.Classes];
        _small.Model.Predict(input, fromPath);
        using (FileStream stream = File.OpenRead(_small.Fixture.WeightsPath))
        {
            ShuffleNetV2X0_5.Load(stream).Predict(input, fromStream);
        }
        Assert.Equal(fromPath, fromStream);
    }

    [Theory]
    [InlineData(SafetensorsDType.F16)]
    [InlineData(SafetensorsDType.BF16)]
    public void Half_precision_checkpoints_load_and_match_the_reference_on_their_rounded_weights(SafetensorsDType dtype)
    {
        ModelFixture f = _small.Fixture;
        string path = Path.Combine(Path.GetTempPath(), $"sng-e2e-half-{dtype}-{Environment.ProcessId}.safetensors");
        var rounded = RandomWeights.WriteSafetensors(f.Graph, RandomWeights.Create(f.Graph, seed: 5), path, dtype);
        float[] input = f.Input.AsSpan(0, ShuffleNetV2X0_5.InputLength).ToArray();
        float[] expected = ReferenceExecutor.Run(f.Graph, rounded, input, 1);

        var actual = new float[ShuffleNetV2X0_5.Classes];
        ShuffleNetV2X0_5.Load(path).Predict(input, actual);
        ModelFixture.AssertClose(expected, actual, 1e-4, $"{dtype} weights");
        File.Delete(path);
    }

    [Fact]
    public void A_missing_tensor_names_the_file_and_the_key()
    {
        ModelFixture f = _small.Fixture;
        string path = Path.Combine(Path.GetTempPath(), $"sng-e2e-missing-{Environment.ProcessId}.safetensors");
        SafetensorsWriter.Write(path, RandomWeights.StateDict(f.Graph, f.Weights).Where(t => t.Key != "stage3.2.branch2.5.weight"));
        var error = Assert.Throws<WeightFileException>(() => ShuffleNetV2X0_5.Load(path));
        Assert.Contains(Path.GetFileName(path), error.Message);
        Assert.Equal("stage3.2.branch2.5.weight", error.TensorKey);
        File.Delete(path);
    }

    [Fact]
    public void A_tensor_of_the_wrong_shape_names_expected_and_actual_shapes()
    {
        ModelFixture f = _small.Fixture;
        string path = Path.Combine(Path.GetTempPath(), $"sng-e2e-shape-{Environment.ProcessId}.safetensors");
        var tensors = RandomWeights.StateDict(f.Graph, f.Weights)
            .Select(t => t.Key == "fc.weight" ? SafetensorsTensor.FromFloats("fc.weight", new[] { 1024, 1000 }, new float[1024 * 1000]) : t);
        SafetensorsWriter.Write(path, tensors);
        var error = Assert.Throws<WeightFileException>(() => ShuffleNetV2X0_5.Load(path));
        Assert.Equal("fc.weight", error.TensorKey);
        Assert.Contains("[1000, 1024]", error.Message);
        Assert.Contains("[1024, 1000]", error.Message);
        File.Delete(path);
    }

    [Fact]
    public void Weights_of_another_width_are_rejected_with_every_shape_listed()
    {
        // V2 1.0x weights into V2 0.5x: issue 12 — every mis-shaped tensor is counted (the first 10 named), with the width hint.
        var other = new ModelFixture("shufflenet_v2_x1_0", seed: 3);
        var error = Assert.Throws<WeightFileException>(() => ShuffleNetV2X0_5.Load(other.WeightsPath));
        Assert.Null(error.TensorKey);
        Assert.Contains("of another shape", error.Message);
        Assert.Contains("'stage2.0.branch1.2.weight' expected [24, 24, 1, 1], found [58, 24, 1, 1]", error.Message);
        Assert.Contains("more", error.Message);
        Assert.Contains("hint: every name matches but", error.Message);
        Assert.Contains("weights for another width or group count of the same architecture", error.Message);
    }
}
