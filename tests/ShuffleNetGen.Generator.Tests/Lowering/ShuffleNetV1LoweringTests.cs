using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Spec;
using Xunit;
using Xunit.Abstractions;

namespace ShuffleNetGen.Generator.Tests.Lowering;

/// <summary>The V1 lowering against the paper's tables and megvii's ShuffleNetV1 (network.py, blocks.py) module by module.</summary>
public sealed class ShuffleNetV1LoweringTests
{
    private readonly ITestOutputHelper _output;

    public ShuffleNetV1LoweringTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> CanonicalNames => ShuffleNetV1Specs.CanonicalNames;

    private static LayerGraph Lower(ModelSpec spec)
    {
        LoweringResult result = ModelLowering.Lower(spec);
        Assert.Empty(result.Diagnostics);
        return Assert.IsType<LayerGraph>(result.Graph);
    }

    [Theory]
    [MemberData(nameof(CanonicalNames))]
    public void CanonicalTable_MultiplyAddsWithinFivePercentOfPublished(string className)
    {
        V1Table table = ShuffleNetV1Specs.Find(className);
        LayerGraph graph = Lower(ShuffleNetV1Specs.Of(table));

        double ours = graph.MultiplyAdds / 1e6;
        double error = Math.Abs(ours - table.PublishedMFlops) / table.PublishedMFlops;
        _output.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "| {0} | {1}/{2}/{3}, stem {4} | {5:F1} M | {6:0.#} M ({7}) | {8:N0} |",
            table.FileName, table.Stage2, table.Stage3, table.Stage4, table.Stem, ours, table.PublishedMFlops, table.Source, graph.Parameters));
        Assert.True(error <= 0.05, $"{className}: {ours:F1} M multiply-adds vs {table.PublishedMFlops} M published ({error:P1})");
    }

    /// <summary>An independent closed form of the counts: every conv's out·(in/groups)·k²·pixels, every BN's 2·c parameters.</summary>
    [Theory]
    [MemberData(nameof(CanonicalNames))]
    public void CanonicalTable_CountsEqualClosedForm(string className)
    {
        V1Table table = ShuffleNetV1Specs.Find(className);
        LayerGraph graph = Lower(ShuffleNetV1Specs.Of(table));

        long macs = 0, parameters = 0;
        void Conv(int cin, int cout, int k, int groups, int outSide)
        {
            macs += (long)cout * (cin / groups) * k * k * outSide * outSide;
            parameters += (long)cout * (cin / groups) * k * k + 2 * cout;
        }
        Conv(3, table.Stem, 3, 1, 112);
        int side = 56, cin = table.Stem;
        for (int s = 0; s < 3; s++)
        {
            int cout = table.Channels[s], mid = cout / 4;
            for (int u = 0; u < ShuffleNetV1Specs.Repeats[s]; u++)
            {
                int outSide = u == 0 ? side / 2 : side;
                Conv(cin, mid, 1, s == 0 && u == 0 ? 1 : table.Groups, side);
                Conv(mid, mid, 3, mid, outSide);
                Conv(mid, u == 0 ? cout - cin : cout, 1, table.Groups, outSide);
                side = outSide;
                cin = cout;
            }
        }
        macs += cin * 1000L;
        parameters += cin * 1000L;

        Assert.Equal(macs, graph.MultiplyAdds);
        Assert.Equal(parameters, graph.Parameters);
    }

    /// <summary>megvii's README: 1.0x g = 3 has 1.9 M parameters, g = 8 has 2.4 M; the exact counts are derived from network.py.</summary>
    [Theory]
    [InlineData("ShuffleNetV1G3X1_0", 1_864_728L, 1.9e6)]
    [InlineData("ShuffleNetV1G8X1_0", 2_433_768L, 2.4e6)]
    public void OneX_ParametersMatchMegviiReadme(string className, long exact, double readme)
    {
        LayerGraph graph = Lower(ShuffleNetV1Specs.Of(ShuffleNetV1Specs.Find(className)));
        _output.WriteLine($"{className}: {graph.Parameters:N0} parameters (megvii README: {readme / 1e6} M)");
        Assert.Equal(exact, graph.Parameters);
        Assert.True(Math.Abs(graph.Parameters - readme) / readme <= 0.05);
    }

    [Fact]
    public void G3_1x_WeightsAreMegviiStateDictKeys()
    {
        LayerGraph graph = Lower(ShuffleNetV1Specs.Of(ShuffleNetV1Specs.Find("ShuffleNetV1G3X1_0")));
        Dictionary<string, int[]> weights = graph.Weights.ToDictionary(w => w.Key, w => w.Shape.ToArray());

        Assert.Equal(new[] { 24, 3, 3, 3 }, weights["first_conv.0.weight"]);
        Assert.Equal(new[] { 24 }, weights["first_conv.1.running_var"]);
        // features.0's first pointwise conv is ungrouped (first_group); its branch makes 240 − 24 channels.
        Assert.Equal(new[] { 60, 24, 1, 1 }, weights["features.0.branch_main_1.0.weight"]);
        Assert.Equal(new[] { 60, 1, 3, 3 }, weights["features.0.branch_main_1.3.weight"]);
        Assert.Equal(new[] { 216, 20, 1, 1 }, weights["features.0.branch_main_2.0.weight"]);
        Assert.Equal(new[] { 60, 80, 1, 1 }, weights["features.1.branch_main_1.0.weight"]);
        Assert.Equal(new[] { 120 }, weights["features.4.branch_main_1.4.bias"]);
        Assert.Equal(new[] { 240, 40, 1, 1 }, weights["features.4.branch_main_2.0.weight"]);
        Assert.Equal(new[] { 960 }, weights["features.15.branch_main_2.1.running_mean"]);
        Assert.Equal(new[] { 1000, 960 }, weights["classifier.0.weight"]);
        Assert.DoesNotContain("classifier.0.bias", weights.Keys);
        Assert.DoesNotContain(weights.Keys, k => k.StartsWith("features.16.", StringComparison.Ordinal));
        // first_conv: conv + 4 BN tensors; 16 units × (3 convs + 3 BNs × 4); the classifier weight.
        Assert.Equal(5 + 16 * 15 + 1, weights.Count);
        Assert.Equal(graph.Weights.Count, weights.Count);
    }

    [Fact]
    public void ClassifierBias_AddsTheBiasKey()
    {
        ModelSpec spec = ShuffleNetV1Specs.Of(ShuffleNetV1Specs.Find("ShuffleNetV1G3X1_0")) .With(SpecKeys.ClassifierBias, true);
        LinearOp fc = Lower(spec).Ops.OfType<LinearOp>().Single();
        Assert.Equal("classifier.0.bias", fc.BiasKey);
    }

    [Theory]
    [MemberData(nameof(CanonicalNames))]
    public void CanonicalTable_IsWiredAndEndsInLogits(string className)
    {
        LayerGraph graph = Lower(ShuffleNetV1Specs.Of(ShuffleNetV1Specs.Find(className)));

        var produced = new HashSet<string> { graph.InputTensor };
        foreach (LayerOp op in graph.Ops)
        {
            foreach (string input in op.Inputs) Assert.Contains(input, produced);
            Assert.True(produced.Add(op.Output), $"{op.Output} assigned twice");
            if (op is ChannelSplitOp split) produced.Add(split.Second);
        }
        LayerOp last = graph.Ops[graph.Ops.Count - 1];
        Assert.Equal("classifier.0", last.Name);
        Assert.Equal(graph.OutputTensor, last.Output);
        Assert.Equal(new TensorShape(1000, 1, 1), last.OutputShape);
        Assert.Equal(1000, graph.Classes);
        GlobalAvgPoolOp pool = graph.Ops.OfType<GlobalAvgPoolOp>().Single();
        Assert.Equal(new TensorShape(ShuffleNetV1Specs.Find(className).Stage4, 7, 7), pool.InputShape);
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    [InlineData(8, true)]
    [InlineData(8, false)]
    public void Shuffle_FollowsTheDepthwiseBatchNormAndFeedsBranchMain2(int groups, bool megviiOrder)
    {
        ShuffleOrder order = megviiOrder ? ShuffleOrder.Megvii : ShuffleOrder.Paper;
        V1Table table = ShuffleNetV1Specs.Canonical.First(t => t.Groups == groups);
        LayerGraph graph = Lower(ShuffleNetV1Specs.Of(table).With(SpecKeys.ShuffleOrder, order));
        List<LayerOp> ops = graph.Ops.ToList();
        List<ChannelShuffleOp> shuffles = ops.OfType<ChannelShuffleOp>().ToList();

        Assert.Equal(16, shuffles.Count);
        for (int n = 0; n < shuffles.Count; n++)
        {
            ChannelShuffleOp shuffle = shuffles[n];
            int at = ops.IndexOf(shuffle);
            string unit = ShuffleNetV1Lowering.UnitName(n);
            Assert.Equal(unit + ".channel_shuffle", shuffle.Name);
            Assert.Equal(groups, shuffle.Groups);
            Assert.Equal(order, shuffle.Order);
            BatchNormOp before = Assert.IsType<BatchNormOp>(ops[at - 1]);
            Assert.Equal(unit + ".branch_main_1.4", before.Name);
            Assert.Equal(before.Output, shuffle.Input);
            Conv2dOp depthwise = Assert.IsType<Conv2dOp>(ops[at - 2]);
            Assert.True(depthwise.IsDepthwise);
            Conv2dOp after = Assert.IsType<Conv2dOp>(ops[at + 1]);
            Assert.Equal(unit + ".branch_main_2.0", after.Name);
            Assert.Equal(shuffle.Output, after.Input);
            Assert.Equal(groups, after.Groups);
            Assert.Equal(depthwise.OutShape, shuffle.Shape);
        }
    }

    [Fact]
    public void OneGroup_HasNoShuffle()
    {
        LayerGraph graph = Lower(ShuffleNetV1Specs.Of(ShuffleNetV1Specs.Find("ShuffleNetV1G1X1_0")));
        Assert.Empty(graph.Ops.OfType<ChannelShuffleOp>());
        Assert.All(graph.Ops.OfType<Conv2dOp>().Where(c => !c.IsDepthwise), c => Assert.Equal(1, c.Groups));
    }

    [Fact]
    public void StrideTwoUnit_ConcatenatesPooledInputWithReluBranch()
    {
        LayerGraph graph = Lower(ShuffleNetV1Specs.Of(ShuffleNetV1Specs.Find("ShuffleNetV1G3X1_0")));
        Dictionary<string, LayerOp> byOutput = graph.Ops.ToDictionary(o => o.Output);
        ConcatOp cat = graph.Ops.OfType<ConcatOp>().Single(c => c.Name == "features.4.cat");

        AvgPoolOp pool = Assert.IsType<AvgPoolOp>(byOutput[cat.Parts[0]]);
        Assert.Equal((3, 2, 1, true), (pool.Kernel, pool.Stride, pool.Padding, pool.CountIncludePad));
        Assert.Equal("features.3.relu:out", pool.Input);
        Assert.Equal(new TensorShape(240, 14, 14), pool.OutShape);
        ActivationOp relu = Assert.IsType<ActivationOp>(byOutput[cat.Parts[1]]);
        Assert.Equal(ActivationKind.Relu, relu.Kind);
        BatchNormOp bn = Assert.IsType<BatchNormOp>(byOutput[relu.Input]);
        Assert.Equal("features.4.branch_main_2.1", bn.Name);
        Assert.Equal(new TensorShape(240, 14, 14), bn.Shape);
        Assert.Equal(new TensorShape(480, 14, 14), cat.OutShape);
        Conv2dOp depthwise = graph.Ops.OfType<Conv2dOp>().Single(c => c.Name == "features.4.branch_main_1.3");
        Assert.Equal((2, 1, 120), (depthwise.Stride, depthwise.Padding, depthwise.Groups));
    }

    [Fact]
    public void StrideOneUnit_AddsItsInputThenRelu()
    {
        LayerGraph graph = Lower(ShuffleNetV1Specs.Of(ShuffleNetV1Specs.Find("ShuffleNetV1G8X1_0")));
        List<LayerOp> ops = graph.Ops.ToList();
        AddOp add = ops.OfType<AddOp>().Single(a => a.Name == "features.5.add");

        Assert.Equal("features.4.cat:out", add.A);
        Assert.Equal("features.5.branch_main_2.1:out", add.B);
        Assert.Equal(new TensorShape(768, 14, 14), add.Shape);
        ActivationOp relu = Assert.IsType<ActivationOp>(ops[ops.IndexOf(add) + 1]);
        Assert.Equal(ActivationKind.Relu, relu.Kind);
        Assert.Equal(add.Output, relu.Input);
        Assert.Equal("features.5.relu", relu.Name);
        // No ReLU after the depthwise conv: branch_main_1.4 (BN) goes straight to the shuffle.
        Assert.DoesNotContain(ops, o => o is ActivationOp r && r.Input == "features.5.branch_main_1.4:out");
    }

    [Fact]
    public void Stem_IsFirstConvThenMaxPool()
    {
        LayerGraph graph = Lower(ShuffleNetV1Specs.Of(ShuffleNetV1Specs.Find("ShuffleNetV1G8X0_5")));
        string[] names = graph.Ops.Take(5).Select(o => o.Name).ToArray();
        Assert.Equal(new[] { "first_conv.0", "first_conv.1", "first_conv.2", "maxpool", "features.0.branch_proj" }, names);
        var conv = (Conv2dOp)graph.Ops[0];
        Assert.Equal((3, 2, 1, new TensorShape(16, 112, 112)), (conv.Kernel, conv.Stride, conv.Padding, conv.OutShape));
        var pool = (MaxPoolOp)graph.Ops[3];
        Assert.Equal((3, 2, 1, new TensorShape(16, 56, 56)), (pool.Kernel, pool.Stride, pool.Padding, pool.OutShape));
    }

    /// <summary>megvii's AvgPool2d(7) only fits 224x224; we take the global mean of whatever map the last stage leaves.</summary>
    [Theory]
    [InlineData(97, 61, 4, 2)]
    [InlineData(160, 160, 5, 5)]
    [InlineData(33, 17, 2, 1)]
    public void GlobalPool_IsAMeanOverAnyFinalMap(int height, int width, int finalHeight, int finalWidth)
    {
        ModelSpec spec = ShuffleNetV1Specs.Of(ShuffleNetV1Specs.Find("ShuffleNetV1G3X0_5")) with { InputHeight = height, InputWidth = width };
        LayerGraph graph = Lower(spec);
        GlobalAvgPoolOp pool = graph.Ops.OfType<GlobalAvgPoolOp>().Single();
        Assert.Equal(new TensorShape(480, finalHeight, finalWidth), pool.InputShape);
        Assert.Equal(new TensorShape(1000, 1, 1), graph.Ops[graph.Ops.Count - 1].OutputShape);
    }

    /// <summary>The rounding rule ChannelRounding.ToMultiple(c, s, 4·g) applied to the paper's 1x column gives every canonical table.</summary>
    [Theory]
    [MemberData(nameof(CanonicalNames))]
    public void WidthScale_OfThePaper1xTable_GivesTheCanonicalTable(string className)
    {
        V1Table table = ShuffleNetV1Specs.Find(className);
        int c = ShuffleNetV1Specs.PaperStage2(table.Groups);
        ModelSpec scaled = (ShuffleNetV1Specs.Create(table.Groups, table.Stem, (4, c), (8, 2 * c), (4, 4 * c))
            with { Name = table.ClassName }).WithWidthScale(table.Scale);

        LayerGraph expected = Lower(ShuffleNetV1Specs.Of(table));
        LayerGraph actual = Lower(scaled);
        Assert.Equal(expected.Ops, actual.Ops);
        Assert.Equal(expected.Weights, actual.Weights);
    }
}
