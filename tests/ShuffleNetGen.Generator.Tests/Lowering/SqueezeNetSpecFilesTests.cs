using System.Globalization;
using System.IO;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Planning;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Lowering;

/// <summary>
/// The canonical SqueezeNet specs lower to torchvision's squeezenet1_0() and squeezenet1_1() state_dicts, key for key and
/// shape for shape, with PyTorch's parameter count; every layer finds a kernel, and the Fire concats cost no step.
/// </summary>
public sealed class SqueezeNetSpecFilesTests
{
    /// <summary>Fixtures from the real modules: Fixtures/make_squeezenet_fixtures.py.</summary>
    [Theory]
    [InlineData("squeezenet1_0")]
    [InlineData("squeezenet1_1")]
    public void SpecFile_NamesAndShapesItsWeightsAsTheReferenceStateDict_AndPlans(string spec)
    {
        string[] reference = File.ReadAllLines(RepositoryFiles.PathOf($"tests/ShuffleNetGen.EndToEnd.Tests/Fixtures/{spec}.state_dict.txt"));
        LayerGraph graph = MobileNetSpecFilesTests.Lower(spec + ".model.yaml");

        string[] ours = graph.Weights.Select(w => w.Key + " " + string.Join("x", w.Shape)).ToArray();
        Assert.Equal(reference.Take(reference.Length - 1).ToArray(), ours);
        Assert.Equal("parameters " + graph.Parameters.ToString(CultureInfo.InvariantCulture), reference[^1]);
        (ExecutionPlan? plan, ImmutableEquatableArray<DiagnosticInfo> diagnostics) = Planner.Plan(graph);
        Assert.Empty(diagnostics);
        Assert.NotNull(plan);
    }

    /// <summary>
    /// Table 1's shapes at 224x224 (torchvision's; the paper's 1.0 column is for 227 → 111): 1.0's stem gives 109x109, its
    /// pools 54, 27, 13; 1.1's stem 111, pools 55, 27, 13; the classifier conv runs at 13x13 and the global pool writes the
    /// logits. Every Fire's expand1x1 and expand3x3 store into one buffer, the 3x3 through a plane table at its half.
    /// </summary>
    [Theory]
    [InlineData("squeezenet1_0", 109, 54, 27, 13)]
    [InlineData("squeezenet1_1", 111, 55, 27, 13)]
    public void Shapes_follow_ceil_mode_and_the_expands_write_their_halves_of_one_buffer(string spec, int stem, int pool1, int pool2, int pool3)
    {
        LayerGraph graph = MobileNetSpecFilesTests.Lower(spec + ".model.yaml");
        Assert.Equal(stem, graph.Ops.OfType<Conv2dOp>().First().OutShape.Height);
        Assert.Equal(new[] { pool1, pool2, pool3 }, graph.Ops.OfType<MaxPoolOp>().Select(p => p.OutShape.Height).ToArray());
        Assert.All(graph.Ops.OfType<MaxPoolOp>(), p => Assert.True(p.CeilMode));

        ExecutionPlan plan = Planner.Plan(graph).Plan!;
        Assert.Equal(new[] { "GlobalAveragePool" }, plan.Steps.Where(s => s.Output.Kind == RegionKind.Output).Select(s => s.Kernel).ToArray());
        var expand1 = plan.Steps.Where(s => s.Comment.StartsWith("features.", System.StringComparison.Ordinal) && s.Comment.Contains(".expand1x1 ")).ToList();
        var expand3 = plan.Steps.Where(s => s.Comment.Contains(".expand3x3 ")).ToList();
        Assert.Equal(8, expand1.Count);
        Assert.Equal(8, expand3.Count);
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal("Conv1x1", expand1[i].Kernel);
            Assert.Equal("WinogradConv3x3", expand3[i].Kernel);
            // A plane-table operand's region starts at its first plane: the 3x3's half begins where the 1x1's ends.
            Assert.Equal(expand1[i].Output.Offset + expand1[i].Output.Length, expand3[i].Output.Offset);
            Assert.Equal(1, expand3[i].Padding);
        }
    }
}
