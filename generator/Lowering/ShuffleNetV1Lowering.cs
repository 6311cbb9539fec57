using System.Collections.Generic;
using System.Globalization;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Lowering;

/// <summary>
/// ShuffleNet V1 (Zhang et al., CVPR 2018) as megvii-model/ShuffleNet-Series builds it (ShuffleNetV1/network.py, blocks.py):
/// first_conv (3x3 s2 + BN + ReLU) → maxpool (3x3 s2 p1) → features (stages of ShuffleV1Block, the first of each with
/// stride 2, numbered across all stages) → global average → classifier.0 (Linear; bias per classifier_bias, megvii: none).
/// Module paths are megvii's, so the graph's weight keys are its state_dict keys.
/// <para>
/// A unit: branch_main_1 = 1x1 conv (groups g; ungrouped in the first unit of the first stage, whose input is the narrow
/// stem) + BN + ReLU, 3x3 depthwise (stride) + BN, no ReLU; then the channel shuffle; then branch_main_2 = 1x1 conv
/// (groups g) + BN. The bottleneck is a quarter of the unit's output channels. Stride 1: ReLU(x + branch).
/// Stride 2: cat(AvgPool2d(3, 2, 1)(x) (counting padding, PyTorch's default), ReLU(branch)), so the branch produces
/// out − in channels.
/// </para>
/// <para>
/// Where megvii differs from the paper: the paper (Fig. 2) shuffles right after the first grouped 1x1 conv; megvii's
/// forward shuffles after the depthwise conv + BN, in its own order (reshape to (c/g, g), the inverse of the paper's, see
/// <see cref="ShuffleOrder.Megvii"/>). The depthwise conv and BN are per channel, so both placements compute the same
/// function once the weights are permuted; we shuffle where megvii does because its weights are stored in that order.
/// Megvii skips the shuffle when g = 1 (an identity); so do we. Megvii pools with AvgPool2d(7), which is the global
/// mean only for 224x224 inputs (a 7x7 final map); we take the global mean for any input size.
/// </para>
/// <para>
/// Width scale: each stage's channels become <see cref="ChannelRounding.ToMultiple"/>(c, s, 4·g), so the bottleneck
/// (c / 4) divides into g groups. Applied to the paper's Table 1 this reproduces every table of megvii's network.py
/// (g = 3: 120/240/480, 360/720/1440, 480/960/1920; g = 8: 192/384/768, 576/1152/2304, 768/1536/3072); for g = 2 and
/// g = 4 at 0.5x and 1.5x the paper's c·s has a bottleneck that doesn't divide into g groups and is rounded up
/// (e.g. g = 2, 0.5x: 100/200/400 → 104/200/400). The README ("ShuffleNet V1 specs") tabulates every canonical table.
/// The stem is never scaled: each spec writes it (megvii: 12 at 0.5x, 16 for g = 8; 24 at 1x and 1.5x; 48 at 2x).
/// </para>
/// </summary>
internal static class ShuffleNetV1Lowering
{
    /// <summary>The bottleneck of every unit is a quarter of its output channels (paper, Sec. 3.3; network.py's <c>// 4</c>).</summary>
    public const int BottleneckRatio = 4;

    /// <summary>The width-scale quantum for g groups: a multiple of 4·g keeps the bottleneck divisible into the groups.</summary>
    public static int ChannelQuantum(int groups) => BottleneckRatio * groups;

    public static LoweringResult Lower(ModelSpec spec)
    {
        int[] stageChannels = ScaledStageChannels(spec.Architecture);
        int groups = spec.Get(SpecKeys.Groups);
        ShuffleOrder order = spec.Get(SpecKeys.ShuffleOrder);
        var net = new GraphBuilder();
        var shape = new TensorShape(spec.InputChannels, spec.InputHeight, spec.InputWidth);
        string x = "input";

        (x, shape) = net.Conv("first_conv.0", x, shape, spec.Get(SpecKeys.Stem), kernel: 3, stride: 2, padding: 1, groups: 1);
        x = net.BatchNorm("first_conv.1", x, shape);
        x = net.Relu("first_conv.2", x, shape);
        (x, shape) = net.MaxPool("maxpool", x, shape, kernel: 3, stride: 2, padding: 1);

        int feature = 0;
        for (int s = 0; s < spec.Stages.Count; s++)
        {
            for (int u = 0; u < spec.Stages[s][ShuffleNetStage.Repeats]; u++, feature++)
            {
                var unit = new Unit(UnitName(feature), groups, order, GroupedFirstConv: s > 0 || u > 0);
                (x, shape) = u == 0
                    ? DownsampleUnit(net, unit, x, shape, stageChannels[s])
                    : BasicUnit(net, unit, x, shape);
            }
            // megvii's features Sequential has no stage modules: the paper's Table 1 names them Stage2, Stage3, Stage4.
            net.Feature("stage" + (s + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), x, shape);
        }

        x = net.GlobalAvgPool("globalpool", x, shape);
        x = net.Linear("classifier.0", x, shape.Channels, spec.Classes, spec.Get(SpecKeys.ClassifierBias));
        return LoweringResult.Success(net.Build(spec, x));
    }

    /// <summary>megvii's module path of the n-th unit, counted across all stages: <c>features.n</c>.</summary>
    public static string UnitName(int feature) => "features." + feature.ToString(CultureInfo.InvariantCulture);

    private static int[] ScaledStageChannels(FamilySpec spec)
    {
        var channels = new int[spec.Stages.Count];
        for (int s = 0; s < channels.Length; s++) channels[s] = spec.ScaleChannels(spec.Stages[s][ShuffleNetStage.Channels]);
        return channels;
    }

    /// <summary>
    /// The stage table builds only if every Conv2d's channels divide into its groups and every stride-2 unit has a branch.
    /// Checking each stage's bottleneck and each first unit's branch covers every conv: a stage whose channels are a
    /// multiple of 4 with a bottleneck divisible by g is itself divisible by g.
    /// </summary>
    public static void Check(FamilySpec spec, FamilyDiagnostics diagnostics)
    {
        int[] stageChannels = ScaledStageChannels(spec);
        int groups = spec.Get(SpecKeys.Groups);
        string groupsText = Text(groups);
        int inChannels = spec.Get(SpecKeys.Stem);
        int feature = 0;
        for (int s = 0; s < stageChannels.Length; s++)
        {
            int outChannels = stageChannels[s];
            string key = $"stages[{s}].channels";
            string unit = DescribeFirstUnit(feature, s);
            if (outChannels % BottleneckRatio != 0)
            {
                diagnostics.Report(DiagnosticDescriptors.StageTableDoesNotFit, key, "shufflenet_v1",
                    $"{unit} has {Text(outChannels)} output channels; they must be a multiple of 4, the bottleneck being a quarter of them");
            }
            int bottleneck = outChannels / BottleneckRatio;
            if (bottleneck % groups != 0)
            {
                diagnostics.Report(DiagnosticDescriptors.ChannelsNotDivisibleByGroups, key,
                    $"{unit} bottleneck", Text(bottleneck), groupsText,
                    $"; write '{key}' as a multiple of 4·g = {Text(ChannelQuantum(groups))}, such as {Nearby(outChannels, ChannelQuantum(groups))}");
            }
            int branch = outChannels - inChannels;
            if (branch <= 0)
            {
                diagnostics.Report(DiagnosticDescriptors.StageTableDoesNotFit, key, "shufflenet_v1",
                    $"{unit} has stride 2 and concatenates its {Text(inChannels)} input channels, so its {Text(outChannels)} output " +
                    $"channels leave {Text(branch)} for its branch; it needs more output than input channels");
            }
            else if (branch % groups != 0)
            {
                // out − in fails only through a remainder of the input, so point at the key that set the input width.
                string cause = inChannels % groups != 0 ? (s == 0 ? "stem.channels" : $"stages[{s - 1}].channels") : key;
                diagnostics.Report(DiagnosticDescriptors.ChannelsNotDivisibleByGroups, cause,
                    $"{unit} branch_main_2 output ({Text(outChannels)} out − {Text(inChannels)} in)", Text(branch), groupsText,
                    $"; write '{cause}' as a multiple of {groupsText}, such as {Nearby(cause == key ? outChannels : inChannels, groups)}");
            }
            inChannels = outChannels;
            feature += spec.Stages[s][ShuffleNetStage.Repeats];
        }
    }

    /// <summary>The multiples of <paramref name="quantum"/> either side of <paramref name="channels"/>: <c>36 or 48</c>.</summary>
    private static string Nearby(int channels, int quantum)
    {
        int below = channels / quantum * quantum;
        return below == 0 ? Text(quantum) : $"{Text(below)} or {Text(below + quantum)}";
    }

    /// <summary>A stage's first unit as the paper and megvii both see it, e.g. <c>features.4 (stage 3 unit 1)</c>.</summary>
    private static string DescribeFirstUnit(int feature, int stageIndex) =>
        $"{UnitName(feature)} (stage {Text(stageIndex + 2)} unit 1)";

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Unit(string Name, int Groups, ShuffleOrder Order, bool GroupedFirstConv);

    /// <summary>ShuffleV1Block with stride 1: ReLU(x + branch(x)).</summary>
    private static (string, TensorShape) BasicUnit(GraphBuilder net, Unit unit, string x, TensorShape shape)
    {
        var (b, _) = Branch(net, unit, x, shape, shape.Channels, stride: 1);
        string sum = net.Add(unit.Name + ".add", x, b, shape);
        return (net.Relu(unit.Name + ".relu", sum, shape), shape);
    }

    /// <summary>ShuffleV1Block with stride 2: cat(branch_proj(x), ReLU(branch(x))), branch_proj = AvgPool2d(3, 2, 1).</summary>
    private static (string, TensorShape) DownsampleUnit(GraphBuilder net, Unit unit, string x, TensorShape shape, int outChannels)
    {
        var (proj, projShape) = net.AvgPool(unit.Name + ".branch_proj", x, shape, kernel: 3, stride: 2, padding: 1);
        var (b, bShape) = Branch(net, unit, x, shape, outChannels, stride: 2);
        b = net.Relu(unit.Name + ".relu", b, bShape);
        var outShape = projShape with { Channels = outChannels };
        return (net.Concat(unit.Name + ".cat", outShape, proj, b), outShape);
    }

    /// <summary>
    /// branch_main_1 (1x1 + BN + ReLU, 3x3 depthwise + BN), channel_shuffle when g > 1, branch_main_2 (1x1 + BN).
    /// The bottleneck is a quarter of the unit's output; a stride-2 branch produces only what the pooled input doesn't.
    /// </summary>
    private static (string, TensorShape) Branch(GraphBuilder net, Unit unit, string x, TensorShape shape, int unitOutChannels, int stride)
    {
        int bottleneck = unitOutChannels / BottleneckRatio;
        int branchChannels = stride == 2 ? unitOutChannels - shape.Channels : unitOutChannels;
        string m1 = unit.Name + ".branch_main_1";
        var (a, aShape) = net.Conv(m1 + ".0", x, shape, bottleneck, kernel: 1, stride: 1, padding: 0,
            groups: unit.GroupedFirstConv ? unit.Groups : 1);
        a = net.BatchNorm(m1 + ".1", a, aShape);
        a = net.Relu(m1 + ".2", a, aShape);
        var (d, dShape) = net.Conv(m1 + ".3", a, aShape, bottleneck, kernel: 3, stride: stride, padding: 1, groups: bottleneck);
        d = net.BatchNorm(m1 + ".4", d, dShape);
        if (unit.Groups > 1) d = net.Shuffle(unit.Name + ".channel_shuffle", d, dShape, unit.Groups, unit.Order);
        string m2 = unit.Name + ".branch_main_2";
        var (p, pShape) = net.Conv(m2 + ".0", d, dShape, branchChannels, kernel: 1, stride: 1, padding: 0, groups: unit.Groups);
        return (net.BatchNorm(m2 + ".1", p, pShape), pShape);
    }
}
