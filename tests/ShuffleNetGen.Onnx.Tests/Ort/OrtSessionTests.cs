using System;
using System.IO;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Onnx.Ort;
using ShuffleNetGen.Onnx.Tests.Export;
using Xunit;

namespace ShuffleNetGen.Onnx.Tests.Ort;

/// <summary>The client's contract: argument checks, timing output, cold start, and ONNX Runtime's errors surfacing as exceptions.</summary>
public sealed class OrtSessionTests
{
    private static (TestFiles Files, OrtSession Session) OpenTinyModel()
    {
        LayerGraph graph = TinyGraph.Build();
        var files = new TestFiles();
        string model = files.ExportOnnx(graph, TinyGraph.Weights(graph, seed: 5));
        return (files, new OrtSession(model, TinyGraph.Channels, TinyGraph.Height, TinyGraph.Width));
    }

    [Fact]
    public void Time_ReturnsOneSortedPositiveDurationPerRun()
    {
        var (files, session) = OpenTinyModel();
        using (files)
        using (session)
        {
            var input = new float[2 * TinyGraph.Channels * TinyGraph.Height * TinyGraph.Width];
            double[] ms = session.Time(input, batch: 2, warmup: 2, runs: 7);
            Assert.Equal(7, ms.Length);
            for (int i = 0; i < ms.Length; i++)
            {
                Assert.True(ms[i] > 0, $"run {i} took {ms[i]} ms");
                if (i > 0) Assert.True(ms[i - 1] <= ms[i], "durations are sorted ascending");
            }
            Assert.True(session.SessionCreateMilliseconds > 0 && session.FirstRunMilliseconds > 0);
            Assert.Equal(session.SessionCreateMilliseconds + session.FirstRunMilliseconds, session.ColdStartMilliseconds);
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
    public void Constructor_ReportsOnnxRuntimesErrorForAnInvalidModel()
    {
        using var files = new TestFiles();
        string bogus = files.PathOf("bogus.onnx");
        File.WriteAllBytes(bogus, [0x08, 0x08, 0x3A, 0x02, 0x08]);
        var ex = Assert.Throws<InvalidOperationException>(() => new OrtSession(bogus, 3, 4, 4));
        Assert.StartsWith("ONNX Runtime:", ex.Message);
    }

    [Fact]
    public void InstallCommand_NamesTheRunnerDirectory()
    {
        Assert.Equal($"cd {Path.Combine(RepositoryRoot.Find(), "tools", "ort")} && npm ci --ignore-scripts", OrtSession.InstallCommand);
    }
}
