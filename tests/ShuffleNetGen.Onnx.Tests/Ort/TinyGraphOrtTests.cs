using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Onnx.Ort;
using ShuffleNetGen.Onnx.Tests.Export;
using Xunit;

namespace ShuffleNetGen.Onnx.Tests.Ort;

/// <summary>The exported tiny graph in ONNX Runtime against the naive loops. ONNX Runtime comes from its NuGet package.</summary>
public sealed class TinyGraphOrtTests
{
    [Theory]
    [InlineData(1, 11)]
    [InlineData(3, 12)]
    public void OrtLogits_MatchTheNaiveComputation(int batch, int seed)
    {
        LayerGraph graph = TinyGraph.Build();
        var weights = TinyGraph.Weights(graph, seed);
        var random = new System.Random(seed + 100);
        var input = new float[batch * graph.InputShape.Elements];
        for (int i = 0; i < input.Length; i++) input[i] = (float)(2 * random.NextDouble() - 1);

        using var files = new TestFiles();
        string model = files.ExportOnnx(graph, weights);
        using var session = new OrtSession(model, TinyGraph.Channels, TinyGraph.Height, TinyGraph.Width);
        float[] actual = session.Run(input, batch);

        // float32 accumulation in ORT against double sums: a few ulps of the largest logit.
        Tolerance.AssertClose(NaiveGraph.Run(graph, weights, input, batch), actual, relative: 1e-5);
    }
}
