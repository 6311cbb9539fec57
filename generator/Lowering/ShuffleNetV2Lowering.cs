using System.Collections.Generic;
using System.Globalization;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Lowering;

/// <summary>
/// ShuffleNet V2 (Ma et al., ECCV 2018) as torchvision/models/shufflenetv2.py builds it:
/// conv1 (3x3 s2 + BN + ReLU) → maxpool (3x3 s2 p1) → stages of InvertedResidual units (the first of each with stride 2)
/// → conv5 (1x1 + BN + ReLU) → mean over H, W → fc. Module paths are torchvision's, so the graph's weight keys are its state_dict keys.
/// </summary>
internal static class ShuffleNetV2Lowering
{
    /// <summary>Stage channels are rounded to even numbers: each unit splits its channels into two equal halves.</summary>
    public const int ChannelQuantum = 2;

    /// <summary>Every stage's channels, as scaled, must split into two equal halves (SNG0010).</summary>
    public static void Check(FamilySpec spec, FamilyDiagnostics diagnostics)
    {
        for (int s = 0; s < spec.Stages.Count; s++)
        {
            int channels = spec.ScaleChannels(spec.Stages[s][ShuffleNetStage.Channels]);
            if (channels % 2 != 0)
            {
                diagnostics.Report(DiagnosticDescriptors.ChannelsNotSplittable, $"stages[{s}].channels",
                    StageName(s), channels.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    public static LoweringResult Lower(ModelSpec spec)
    {
        var g = new GraphBuilder();
        var shape = new TensorShape(spec.InputChannels, spec.InputHeight, spec.InputWidth);
        string x = "input";

        (x, shape) = g.Conv("conv1.0", x, shape, spec.Get(SpecKeys.Stem), kernel: 3, stride: 2, padding: 1, groups: 1);
        x = g.BatchNorm("conv1.1", x, shape);
        x = g.Relu("conv1.2", x, shape);
        (x, shape) = g.MaxPool("maxpool", x, shape, kernel: 3, stride: 2, padding: 1);

        for (int s = 0; s < spec.Stages.Count; s++)
        {
            for (int u = 0; u < spec.Stages[s][ShuffleNetStage.Repeats]; u++)
            {
                string unit = $"{StageName(s)}.{u}";
                (x, shape) = u == 0
                    ? DownsampleUnit(g, unit, x, shape, spec.Architecture.ScaleChannels(spec.Stages[s][ShuffleNetStage.Channels]))
                    : BasicUnit(g, unit, x, shape);
            }
            g.Feature(StageName(s), x, shape);
        }

        int head = spec.Get(SpecKeys.Head);
        (x, shape) = g.Conv("conv5.0", x, shape, head, kernel: 1, stride: 1, padding: 0, groups: 1);
        x = g.BatchNorm("conv5.1", x, shape);
        x = g.Relu("conv5.2", x, shape);
        g.Feature("conv5", x, shape);
        x = g.GlobalAvgPool("mean", x, shape);
        x = g.Linear("fc", x, head, spec.Classes, spec.Get(SpecKeys.ClassifierBias));
        return LoweringResult.Success(g.Build(spec, x));
    }

    /// <summary>torchvision names the stages after the paper's Table 5: stage2, stage3, stage4, … .</summary>
    public static string StageName(int stageIndex) => "stage" + (stageIndex + 2).ToString(CultureInfo.InvariantCulture);

    /// <summary>InvertedResidual with stride 1: x1, x2 = chunk(2); cat(x1, branch2(x2)); channel_shuffle(2).</summary>
    private static (string, TensorShape) BasicUnit(GraphBuilder g, string unit, string x, TensorShape shape)
    {
        var (x1, x2) = g.Split(unit + ".chunk", x, shape);
        var half = shape with { Channels = shape.Channels / 2 };
        string b = Branch2(g, unit, x2, half, half.Channels, stride: 1);
        string cat = g.Concat(unit + ".cat", shape, x1, b);
        return (g.Shuffle(unit + ".shuffle", cat, shape, 2, ShuffleOrder.Paper), shape);
    }

    /// <summary>InvertedResidual with stride 2: cat(branch1(x), branch2(x)); channel_shuffle(2).</summary>
    private static (string, TensorShape) DownsampleUnit(GraphBuilder g, string unit, string x, TensorShape shape, int outChannels)
    {
        int branch = outChannels / 2;
        var (d, dShape) = g.Conv(unit + ".branch1.0", x, shape, shape.Channels, kernel: 3, stride: 2, padding: 1, groups: shape.Channels);
        d = g.BatchNorm(unit + ".branch1.1", d, dShape);
        var (p, pShape) = g.Conv(unit + ".branch1.2", d, dShape, branch, kernel: 1, stride: 1, padding: 0, groups: 1);
        p = g.BatchNorm(unit + ".branch1.3", p, pShape);
        string b1 = g.Relu(unit + ".branch1.4", p, pShape);
        string b2 = Branch2(g, unit, x, shape, branch, stride: 2);
        var outShape = pShape with { Channels = outChannels };
        string cat = g.Concat(unit + ".cat", outShape, b1, b2);
        return (g.Shuffle(unit + ".shuffle", cat, outShape, 2, ShuffleOrder.Paper), outShape);
    }

    /// <summary>branch2: 1x1 + BN + ReLU, 3x3 depthwise (stride) + BN, 1x1 + BN + ReLU.</summary>
    private static string Branch2(GraphBuilder g, string unit, string x, TensorShape shape, int branch, int stride)
    {
        string m = unit + ".branch2";
        var (a, aShape) = g.Conv(m + ".0", x, shape, branch, kernel: 1, stride: 1, padding: 0, groups: 1);
        a = g.BatchNorm(m + ".1", a, aShape);
        a = g.Relu(m + ".2", a, aShape);
        var (d, dShape) = g.Conv(m + ".3", a, aShape, branch, kernel: 3, stride: stride, padding: 1, groups: branch);
        d = g.BatchNorm(m + ".4", d, dShape);
        var (p, pShape) = g.Conv(m + ".5", d, dShape, branch, kernel: 1, stride: 1, padding: 0, groups: 1);
        p = g.BatchNorm(m + ".6", p, pShape);
        return g.Relu(m + ".7", p, pShape);
    }
}
