using System;
using System.IO;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Onnx.Ort;
using ShuffleNetGen.Onnx.Tests.Export;
using Xunit;

namespace ShuffleNetGen.Onnx.Tests.Ort;

/// <summary>The client's contract: argument checks, bound runs, and ONNX Runtime's errors surfacing as exceptions.</summary>
public sealed class OrtSessionTests
{
    private const int ImageLength = TinyGraph.Channels * TinyGraph.Height * TinyGraph.Width;

    private static (TestFiles Files, OrtSession Session) OpenTinyModel()
    {
        LayerGraph graph = TinyGraph.Build();
        var files = new TestFiles();
        string model = files.ExportOnnx(graph, TinyGraph.Weights(graph, seed: 5));
        return (files, new OrtSession(model, TinyGraph.Channels, TinyGraph.Height, TinyGraph.Width));
    }

    [Fact]
    public void BoundRun_WritesTheSameLogitsAsRun_AndSeesNewInputValues()
    {
        var (files, session) = OpenTinyModel();
        using (files)
        using (session)
        {
            var input = new float[2 * ImageLength];
            var output = new float[2 * TinyGraph.Classes];
            using OrtBoundRun bound = session.Bind(input, output, batch: 2);
            for (int seed = 1; seed <= 2; seed++)
            {
                var random = new Random(seed);
                for (int i = 0; i < input.Length; i++) input[i] = (float)(2 * random.NextDouble() - 1);
                bound.Run();
                Assert.Equal(session.Run(input, batch: 2), output);
            }
        }
    }

    [Fact]
    public void Run_RejectsAnInputOfTheWrongLengthNamingBothSizes()
    {
        var (files, session) = OpenTinyModel();
        using (files)
        using (session)
        {
            var ex = Assert.Throws<ArgumentException>(() => session.Run(new float[10], batch: 1));
            Assert.Contains("10", ex.Message);
            Assert.Contains("429", ex.Message);
            // The session stays usable after a rejected call.
            Assert.Equal(2 * TinyGraph.Classes, session.Run(new float[2 * 429], batch: 2).Length);
        }
    }

    [Fact]
    public void Bind_RejectsAnOutputThatDoesNotHoldTheBatch()
    {
        var (files, session) = OpenTinyModel();
        using (files)
        using (session)
        {
            var ex = Assert.Throws<ArgumentException>(() => session.Bind(new float[2 * ImageLength], new float[3], batch: 2));
            Assert.Contains("3", ex.Message);
        }
    }

    [Fact]
    public void Constructor_ReportsOnnxRuntimesErrorForAnInvalidModel()
    {
        using var files = new TestFiles();
        string bogus = files.PathOf("bogus.onnx");
        File.WriteAllBytes(bogus, [0x08, 0x08, 0x3A, 0x02, 0x08]);
        var ex = Assert.Throws<InvalidOperationException>(() => new OrtSession(bogus, 3, 4, 4));
        Assert.StartsWith("ONNX Runtime:", ex.Message);
    }

    [Fact]
    public void Version_IsTheNativeLibraryOfThePackageReferenced()
    {
        Assert.Equal("1.31.1", OrtSession.Version);
    }
}
