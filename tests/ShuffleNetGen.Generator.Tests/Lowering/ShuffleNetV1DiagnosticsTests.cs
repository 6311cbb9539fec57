using System.Linq;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Lowering;

/// <summary>Each V1 stage-table diagnostic, from the smallest table that triggers it, located at the key that causes it.</summary>
public sealed class ShuffleNetV1DiagnosticsTests
{
    private static DiagnosticInfo[] Diagnose(ModelSpec spec)
    {
        LoweringResult result = ModelLowering.Lower(spec);
        Assert.Null(result.Graph);
        return result.Diagnostics.ToArray();
    }

    private static void AssertAt(ModelSpec spec, string key, DiagnosticInfo diagnostic) =>
        Assert.Equal(spec.Locate(key), diagnostic.Location);

    [Fact]
    public void BottleneckNotDivisibleByGroups_SNG0011_AtTheStageChannels()
    {
        // 200 / 4 = 50 is not divisible by 4 groups; stage 2 (96, bottleneck 24) and the branch (200 − 96 = 104) are fine.
        ModelSpec spec = ShuffleNetV1Specs.Create(groups: 4, stem: 24, (4, 96), (1, 200));
        DiagnosticInfo d = Assert.Single(Diagnose(spec));
        Assert.Equal("SNG0011", d.Id);
        Assert.Equal(new[] { "features.4 (stage 3 unit 1) bottleneck", "50", "4" }, d.MessageArgs.ToArray());
        AssertAt(spec, "stages[1].channels", d);
    }

    [Fact]
    public void MoreGroupsThanBottleneckChannels_LeavesAGroupEmpty_SNG0011()
    {
        // Bottleneck 16 / 4 = 4 channels cannot fill 8 groups.
        ModelSpec spec = ShuffleNetV1Specs.Create(groups: 8, stem: 8, (1, 16));
        DiagnosticInfo d = Assert.Single(Diagnose(spec));
        Assert.Equal("SNG0011", d.Id);
        Assert.Equal(new[] { "features.0 (stage 2 unit 1) bottleneck", "4", "8" }, d.MessageArgs.ToArray());
        AssertAt(spec, "stages[0].channels", d);
    }

    [Fact]
    public void StrideTwoBranchNotDivisibleByGroups_SNG0011_AtTheStem()
    {
        // 24 − 10 = 14 branch channels for 3 groups: the stem's width leaves the remainder.
        ModelSpec spec = ShuffleNetV1Specs.Create(groups: 3, stem: 10, (1, 24));
        DiagnosticInfo d = Assert.Single(Diagnose(spec));
        Assert.Equal("SNG0011", d.Id);
        Assert.Equal(new[] { "features.0 (stage 2 unit 1) branch_main_2 output (24 out − 10 in)", "14", "3" }, d.MessageArgs.ToArray());
        AssertAt(spec, "stem.channels", d);
    }

    [Fact]
    public void ChannelsNotDivisibleByFour_SNG0012()
    {
        ModelSpec spec = ShuffleNetV1Specs.Create(groups: 1, stem: 4, (1, 10));
        DiagnosticInfo d = Assert.Single(Diagnose(spec));
        Assert.Equal("SNG0012", d.Id);
        Assert.Equal("shufflenet_v1", d.MessageArgs[0]);
        Assert.Contains("features.0 (stage 2 unit 1) has 10 output channels", d.MessageArgs[1]);
        AssertAt(spec, "stages[0].channels", d);
    }

    [Fact]
    public void StrideTwoUnitWithoutBranchChannels_SNG0012()
    {
        ModelSpec spec = ShuffleNetV1Specs.Create(groups: 1, stem: 24, (1, 24));
        DiagnosticInfo d = Assert.Single(Diagnose(spec));
        Assert.Equal("SNG0012", d.Id);
        Assert.Contains("leave 0 for its branch", d.MessageArgs[1]);
        AssertAt(spec, "stages[0].channels", d);
    }

    [Fact]
    public void EveryProblem_IsReported()
    {
        // Stage 2: 10 is not a multiple of 4 and leaves −14 for its branch; stage 3: 8 leaves −2.
        ModelSpec spec = ShuffleNetV1Specs.Create(groups: 1, stem: 24, (1, 10), (1, 8));
        DiagnosticInfo[] all = Diagnose(spec);
        Assert.Equal(new[] { "SNG0012", "SNG0012", "SNG0012" }, all.Select(d => d.Id).ToArray());
        Assert.Equal(
            new[] { spec.Locate("stages[0].channels"), spec.Locate("stages[0].channels"), spec.Locate("stages[1].channels") },
            all.Select(d => d.Location).ToArray());
    }

    [Fact]
    public void WidthScaleRounding_KeepsTheBottleneckGroupable()
    {
        // 200 · 0.5 = 100 has a bottleneck of 25, odd for 2 groups; the 4·g quantum rounds it to 104.
        ModelSpec spec = ShuffleNetV1Specs.Create(groups: 2, stem: 12, (1, 200)).WithWidthScale(0.5);
        LoweringResult result = ModelLowering.Lower(spec);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(104, result.Graph!.Ops.OfType<Graph.ConcatOp>().Single().OutShape.Channels);
    }
}
