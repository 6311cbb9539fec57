using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Onnx.Ort;
using ShuffleNetGen.Reference;

namespace ShuffleNetGen.Onnx.Tests.Ort;

/// <summary>A whole model with seeded random weights, exported and run in ONNX Runtime at batch 2 and 1, against the reference executor.</summary>
internal static class ReferenceAgreement
{
    /// <summary>Hundreds of millions of multiply-adds summed in float32 by ORT (in another order, BatchNorm folded) against double sums.</summary>
    public const double Relative = 1e-4;

    public static void AssertOrtMatchesTheReferenceExecutor(LayerGraph graph, int weightSeed, int inputSeed)
    {
        var weights = RandomWeights.Create(graph, weightSeed);
        float[] input = RandomInput.Create(2 * (int)graph.InputShape.Elements, inputSeed);

        using var files = new TestFiles();
        string model = files.ExportOnnx(graph, weights);
        float[] expected = ReferenceExecutor.Run(graph, weights, input, batch: 2);
        using var session = new OrtSession(model, graph.InputShape.Channels, graph.InputShape.Height, graph.InputShape.Width);

        float[] both = session.Run(input, batch: 2);
        float[] first = session.Run(input[..(int)graph.InputShape.Elements], batch: 1);

        Tolerance.AssertClose(expected, both, relative: Relative);
        Tolerance.AssertClose(expected[..graph.Classes], first, relative: Relative);
    }
}
