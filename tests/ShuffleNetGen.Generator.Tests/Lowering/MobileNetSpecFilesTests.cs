using System.Globalization;
using System.IO;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Planning;
using ShuffleNetGen.Generator.Spec;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Lowering;

/// <summary>
/// The canonical MobileNet specs lower to the reference modules' state_dicts — torchvision's <c>mobilenet_v2(width_mult=α)</c>, <c>mobilenet_v3_large()</c> and <c>mobilenet_v3_small()</c>
/// and seed 003's MobileNet V1, key for key, shape for shape, and the parameter count PyTorch gives — and every layer finds a
/// kernel. (The generated classes' Info against the published complexity: EndToEnd's MobileNetEndToEndTests.)
/// </summary>
public sealed class MobileNetSpecFilesTests
{
    /// <summary>Fixtures from the real modules: Fixtures/make_mobilenet_fixtures.py.</summary>
    [Theory]
    [InlineData("mobilenet_v1")]
    [InlineData("mobilenet_v2")]
    [InlineData("mobilenet_v2_x0_75")]
    [InlineData("mobilenet_v2_x0_5")]
    [InlineData("mobilenet_v2_x1_4")]
    [InlineData("mobilenet_v3_large")]
    [InlineData("mobilenet_v3_small")]
    public void SpecFile_NamesAndShapesItsWeightsAsTheReferenceStateDict_AndPlans(string spec)
    {
        string[] reference = File.ReadAllLines(RepositoryFiles.PathOf($"tests/ShuffleNetGen.EndToEnd.Tests/Fixtures/{spec}.state_dict.txt"));
        LayerGraph graph = Lower(spec + ".model.yaml");

        string[] ours = graph.Weights.Select(w => w.Key + " " + string.Join("x", w.Shape)).ToArray();
        Assert.Equal(reference.Take(reference.Length - 1).ToArray(), ours);
        Assert.Equal("parameters " + graph.Parameters.ToString(CultureInfo.InvariantCulture), reference[^1]);
        (ExecutionPlan? plan, ImmutableEquatableArray<DiagnosticInfo> diagnostics) = Planner.Plan(graph);
        Assert.Empty(diagnostics);
        Assert.NotNull(plan);
    }

    internal static LayerGraph Lower(string fileName)
    {
        string path = RepositoryFiles.PathOf(Path.Combine("specs", fileName));
        SpecParseResult parsed = SpecParser.Parse(path, File.ReadAllText(path));
        Assert.Empty(parsed.Diagnostics);
        LoweringResult lowered = ModelLowering.Lower(Assert.IsType<ModelSpec>(parsed.Spec));
        Assert.Empty(lowered.Diagnostics);
        return Assert.IsType<LayerGraph>(lowered.Graph);
    }
}
