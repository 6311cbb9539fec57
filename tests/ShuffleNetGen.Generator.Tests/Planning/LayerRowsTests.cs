using System;
using System.Linq;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Planning;
using ShuffleNetGen.Generator.Spec;
using ShuffleNetGen.Generator.Tests.Pipeline;
using ShuffleNetGen.Generator.Tests.Readme;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Planning;

/// <summary><c>ModelInfo.Layers</c>: one row per fused layer whose costs add up to the model's totals and the README's tables.</summary>
public sealed class LayerRowsTests
{
    public static TheoryData<string> Specs => new(CanonicalSpecs.FileNames);

    internal static ExecutionPlan PlanOf(string fileName)
    {
        ModelSpec spec = SpecParser.Parse(CanonicalSpecs.ProjectFolder + fileName, CanonicalSpecs.Text(fileName)).Spec!;
        return Planner.Plan(ModelLowering.Lower(spec).Graph!).Plan!;
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Rows_add_up_to_the_totals_and_to_the_readme_table(string fileName)
    {
        ExecutionPlan plan = PlanOf(fileName);
        Assert.Equal(plan.MultiplyAdds, plan.Layers.Sum(r => r.MultiplyAdds));
        Assert.Equal(plan.Parameters, plan.Layers.Sum(r => r.Parameters));

        string spec = fileName.Substring(0, fileName.Length - ModelGenerator.SpecSuffix.Length);
        var readme = ReadmeModelTables.Read(RepositoryFiles.PathOf("README.md"));
        Assert.True(readme.TryGetValue(spec, out ReadmeModelTables.Row? row), $"README.md has no table row for {spec}");
        Assert.Equal(row!.Parameters, plan.Layers.Sum(r => r.Parameters));
        Assert.Equal(row.MultiplyAddsMillions, Math.Round(plan.Layers.Sum(r => r.MultiplyAdds) / 1e6, 1, MidpointRounding.AwayFromZero));
    }

    [Fact]
    public void A_step_per_kernel_call_names_its_row_and_every_kernel_row_has_its_calls()
    {
        ExecutionPlan plan = PlanOf("shufflenet_v1_g3_x1_0.model.yaml");
        for (int i = 0; i < plan.Layers.Count; i++)
        {
            Assert.Equal(plan.Layers[i].Calls, plan.Steps.Count(s => s.Layer == i));
            Assert.Equal(plan.Layers[i].Kernel.Length == 0, plan.Layers[i].Calls == 0);
        }
        LayerRow grouped = plan.Layers.Single(r => r.Name == "features.1.branch_main_1.0");
        Assert.Equal(("GroupConv1x1/s1/g3", 3), (grouped.Kind, grouped.Calls));
    }

    /// <summary>The V2 paper's MAC of a 1x1 conv, hw(c1 + c2) + c1·c2, plus the bias its folded BatchNorm leaves.</summary>
    [Fact]
    public void A_pointwise_conv_costs_the_papers_memory_access_and_says_what_it_absorbed()
    {
        ExecutionPlan plan = PlanOf("shufflenet_v2_x1_0.model.yaml");
        LayerRow conv = plan.Layers.Single(r => r.Name == "stage2.1.branch2.0");
        const long hw = 28 * 28, c1 = 58, c2 = 58;
        Assert.Equal(hw * (c1 + c2) + c1 * c2 + c2, conv.MemoryAccess);
        Assert.Equal(hw * c1 * c2, conv.MultiplyAdds);
        Assert.Equal(c1 * c2 + 2 * c2, conv.Parameters);
        Assert.Equal("BatchNorm stage2.1.branch2.1, ReLU stage2.1.branch2.2", conv.Fused);
        Assert.Equal("Conv1x1", conv.Kernel);
    }

    [Fact]
    public void Relabelling_layers_are_rows_that_move_nothing()
    {
        ExecutionPlan plan = PlanOf("shufflenet_v2_x1_0.model.yaml");
        foreach (LayerRow row in plan.Layers.Where(r => r.Kind is "ChannelSplit" or "Concat" || r.Kind.StartsWith("ChannelShuffle", StringComparison.Ordinal)))
        {
            Assert.Equal((0L, 0L, "", 0), (row.MemoryAccess, row.MultiplyAdds, row.Kernel, row.Calls));
        }
        Assert.Contains(plan.Layers, r => r.Kind == "ChannelShuffle/g2");
    }
}
