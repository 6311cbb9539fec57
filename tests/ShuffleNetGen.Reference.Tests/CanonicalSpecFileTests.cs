using System;
using System.IO;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Spec;
using Xunit;
using Xunit.Abstractions;

namespace ShuffleNetGen.Reference.Tests;

/// <summary>The spec files in specs/ describe the same networks as the tables <see cref="CanonicalV2"/> builds in code.</summary>
public class CanonicalSpecFileTests
{
    private readonly ITestOutputHelper _output;

    public CanonicalSpecFileTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("0_5", 1_366_792L)]
    [InlineData("1_0", 2_278_604L)]
    [InlineData("1_5", 3_503_624L)]
    [InlineData("2_0", 7_393_996L)]
    public void SpecFile_LowersToTheTorchvisionGraph(string width, long parameters)
    {
        string path = Path.Combine(RepositoryRoot(), "specs", $"shufflenet_v2_x{width}.model.yaml");

        SpecParseResult parsed = SpecParser.Parse(path, File.ReadAllText(path));

        Assert.Empty(parsed.Diagnostics);
        LayerGraph graph = ModelLowering.Lower(parsed.Spec!).Graph!;
        LayerGraph expected = CanonicalV2.Graph(width);
        Assert.Equal(expected.Ops, graph.Ops);
        Assert.Equal(expected.Weights, graph.Weights);
        Assert.Equal(parameters, graph.Parameters);
    }

    public static TheoryData<string> AllSpecFiles()
    {
        var files = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "specs"), "*.model.yaml"))
        {
            files.Add(Path.GetFileName(file));
        }
        return files;
    }

    /// <summary>The reference must run every family's graph (V1: grouped 1x1 convs, megvii shuffle, avg pool, residual add).</summary>
    [Theory]
    [MemberData(nameof(AllSpecFiles))]
    public void EverySpecFile_RunsThroughTheReferenceWithInputDependentLogits(string fileName)
    {
        string path = Path.Combine(RepositoryRoot(), "specs", fileName);
        SpecParseResult parsed = SpecParser.Parse(path, File.ReadAllText(path));
        Assert.Empty(parsed.Diagnostics);
        // 96x96 keeps every stage's map at least 3x3 while running a whole family in seconds.
        LoweringResult lowered = ModelLowering.Lower(parsed.Spec! with { InputHeight = 96, InputWidth = 96 });
        Assert.Empty(lowered.Diagnostics);
        LayerGraph graph = lowered.Graph!;
        var weights = RandomWeights.Create(graph, seed: 31);
        int image = (int)graph.InputShape.Elements;

        float[] a = ReferenceExecutor.Run(graph, weights, RandomInput.Create(image, seed: 32), batch: 1);
        float[] b = ReferenceExecutor.Run(graph, weights, RandomInput.Create(image, seed: 33), batch: 1);

        Assert.Equal(graph.Classes, a.Length);
        double rms = Math.Sqrt(a.Average(v => (double)v * v));
        double change = Math.Sqrt(a.Zip(b, (x, y) => ((double)x - y) * (x - y)).Average());
        _output.WriteLine($"{fileName}: logits rms {rms:G3}, rms change for another image {change:G3}");
        Assert.All(a, v => Assert.True(float.IsFinite(v)));
        Assert.InRange(rms, 0.1, 10);
        // Each rectifier turns about a third of its output's second moment into a mean no random BatchNorm statistic removes,
        // so the input's share of the logits shrinks with depth: another image moves them by ~8% of their rms through
        // MobileNet V1's 27 ReLUs, by 0.3–0.5% through V2's 35 ReLU6s (measured here at 96x96); a constant output, by 0.
        Assert.True(change > 0.001 * rms, $"another image moves the logits by only {change:G3} (rms {rms:G3})");
    }

    private static string RepositoryRoot() => global::ShuffleNetGen.Onnx.Ort.RepositoryRoot.Find();
}
