using System;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Onnx.Ort;
using ShuffleNetGen.Onnx.Tests.Export;
using ShuffleNetGen.Reference;
using Xunit;

namespace ShuffleNetGen.Onnx.Tests.Ort;

/// <summary>
/// ShuffleNet V2 1.0x with seeded random weights, exported and run in ONNX Runtime, against the independent reference executor:
/// two implementations that share nothing but the LayerGraph agree on the logits.
/// </summary>
public sealed class ShuffleNetV2OrtTests
{
    [Fact]
    public void V2_1_0x_OrtLogitsMatchTheReferenceExecutor_Batch1And2()
    {
        LayerGraph graph = ModelLowering.Lower(TestSpecs.ShuffleNetV2X1_0()).Graph
            ?? throw new InvalidOperationException("ShuffleNet V2 1.0x failed to lower.");
        var weights = RandomWeights.Create(graph, seed: 20180730);
        float[] input = RandomInput.Create(2 * (int)graph.InputShape.Elements, seed: 17);

        using var files = new TestFiles();
        // A state_dict as safetensors.torch.save_file writes it, num_batches_tracked included: the exporter must skip those.
        string weightsPath = files.PathOf("shufflenet_v2_x1_0.safetensors");
        RandomWeights.WriteSafetensors(graph, weights, weightsPath);
        string model = files.ExportOnnx(graph, weightsPath);
        float[] expected = ReferenceExecutor.Run(graph, weights, input, batch: 2);
        using var session = new OrtSession(model, 3, 224, 224);

        float[] both = session.Run(input, batch: 2);
        float[] first = session.Run(input[..(int)graph.InputShape.Elements], batch: 1);

        // 146 M multiply-adds summed in float32 by ORT (in another order, with BatchNorm folded) against double sums.
        Tolerance.AssertClose(expected, both, relative: 1e-4);
        Tolerance.AssertClose(expected[..graph.Classes], first, relative: 1e-4);
    }
}
