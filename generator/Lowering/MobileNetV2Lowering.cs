using System.Globalization;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Lowering;

/// <summary>
/// MobileNet V2 (Sandler et al., CVPR 2018) as torchvision/models/mobilenetv2.py builds it: features.0 (3x3 s2 conv + BN +
/// ReLU6) → one InvertedResidual per repeat of each Table 2 row, numbered on across the rows (features.1 …) → features.N
/// (1x1 conv + BN + ReLU6 to the last channel) → mean over H, W → classifier (Dropout, the identity in eval mode; then
/// classifier.1, Linear). Module paths are torchvision's, so the graph's weight keys are its state_dict keys.
/// <para>
/// An InvertedResidual of input channels i, output o, expansion t, stride s: conv = [1x1 to i·t + BN + ReLU6, unless t = 1]
/// → 3x3 depthwise (stride s) + BN + ReLU6 → 1x1 to o + BN, no activation (the linear bottleneck); x + conv(x) when s = 1
/// and i = o. Width scale α: every channel count becomes <see cref="ChannelRounding.MakeDivisible"/>(c · α, 8), the last
/// channel (<c>head</c>, 1280) <c>MakeDivisible(1280 · max(1, α), 8)</c>: it only grows.
/// </para>
/// </summary>
internal static class MobileNetV2Lowering
{
    /// <summary>torchvision's <c>round_nearest</c>: every channel count is a multiple of 8.</summary>
    public const int ChannelQuantum = 8;

    /// <summary>torchvision's rounding of a channel count at width <paramref name="scale"/>.</summary>
    public static int ScaleChannels(int channels, double scale) => ChannelRounding.MakeDivisible(channels * scale, ChannelQuantum);

    /// <summary>The last channel at width <paramref name="scale"/>: scaled only above 1, so thin models keep a wide classifier input.</summary>
    public static int ScaleHead(int channels, double scale) => ScaleChannels(channels, System.Math.Max(1.0, scale));

    /// <summary>Every row the schema admits builds: the rounding never goes below 8 channels and the stride is 1 or 2.</summary>
    public static void Check(FamilySpec spec, FamilyDiagnostics diagnostics)
    {
    }

    public static LoweringResult Lower(ModelSpec spec)
    {
        var g = new GraphBuilder { SpecKey = "stem.channels" };
        var shape = new TensorShape(spec.InputChannels, spec.InputHeight, spec.InputWidth);
        string x = "input";

        (x, shape) = g.ConvNormActivation("features.0", x, shape, spec.Architecture.ScaleChannels(spec.Get(SpecKeys.Stem)), kernel: 3, stride: 2, groups: 1, ActivationKind.Relu6);

        int feature = 1;
        for (int r = 0; r < spec.Stages.Count; r++)
        {
            StageRow row = spec.Stages[r];
            g.SpecKey = "stages[" + Text(r) + "]";
            int outChannels = spec.Architecture.ScaleChannels(row[MobileNetV2Stage.Channels]);
            for (int i = 0; i < row[MobileNetV2Stage.Repeats]; i++, feature++)
            {
                int stride = i == 0 ? row[MobileNetV2Stage.Stride] : 1;
                (x, shape) = InvertedResidual(g, "features." + Text(feature), x, shape, outChannels, stride, row[MobileNetV2Stage.Expansion]);
            }
        }

        g.SpecKey = "head.channels";
        int head = ScaleHead(spec.Get(SpecKeys.Head), spec.WidthScale);
        (x, shape) = g.ConvNormActivation("features." + Text(feature), x, shape, head, kernel: 1, stride: 1, groups: 1, ActivationKind.Relu6);
        g.SpecKey = "classes";
        x = g.GlobalAvgPool("adaptive_avg_pool2d", x, shape);
        x = g.Linear("classifier.1", x, head, spec.Classes, spec.Get(SpecKeys.ClassifierBias));
        return LoweringResult.Success(g.Build(spec, x));
    }

    /// <summary>torchvision's InvertedResidual: <c>conv</c> is a Sequential whose indices shift by one when t = 1 (no expansion).</summary>
    private static (string, TensorShape) InvertedResidual(GraphBuilder g, string unit, string x, TensorShape shape, int outChannels, int stride, int expansion)
    {
        int hidden = shape.Channels * expansion;
        string conv = unit + ".conv.";
        int index = 0;
        string h = x;
        TensorShape hShape = shape;
        if (expansion != 1)
        {
            (h, hShape) = g.ConvNormActivation(conv + Text(index++), h, hShape, hidden, kernel: 1, stride: 1, groups: 1, ActivationKind.Relu6);
        }
        (h, hShape) = g.ConvNormActivation(conv + Text(index++), h, hShape, hidden, kernel: 3, stride: stride, groups: hidden, ActivationKind.Relu6);
        string project = conv + Text(index++);
        (h, hShape) = g.Conv(project, h, hShape, outChannels, kernel: 1, stride: 1, padding: 0, groups: 1);
        h = g.BatchNorm(conv + Text(index), h, hShape);
        bool residual = stride == 1 && shape.Channels == outChannels;
        return (residual ? g.Add(unit + ".add", x, h, hShape) : h, hShape);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
