using System.Globalization;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Lowering;

/// <summary>
/// MobileNet V3 (Howard et al., ICCV 2019) as torchvision/models/mobilenetv3.py builds it: features.0 (3x3 s2 conv + BN +
/// Hardswish) → one InvertedResidual per row of Table 1 (Large) or 2 (Small), features.1 … → features.N (1x1 conv + BN +
/// Hardswish to 6 × the last row's channels) → avgpool → classifier (classifier.0 Linear to the last channel, Hardswish,
/// Dropout — the identity in eval mode — and classifier.3 Linear). Every BatchNorm has eps 0.001, as torchvision's
/// <c>norm_layer = partial(nn.BatchNorm2d, eps=0.001, momentum=0.01)</c>.
/// <para>
/// An InvertedResidual of input i, kernel k, expanded e, output o, stride s: block = [1x1 to e + BN + NL, unless e = i] →
/// k x k depthwise (stride s) + BN + NL → [SqueezeExcitation(e, MakeDivisible(e / 4, 8)) if SE] → 1x1 to o + BN; x + block(x)
/// when s = 1 and i = o. Width scale α: every channel count, the last channel included, becomes
/// <see cref="ChannelRounding.MakeDivisible"/>(c · α, 8) (torchvision's <c>adjust_channels</c>).
/// </para>
/// </summary>
internal static class MobileNetV3Lowering
{
    /// <summary>torchvision's <c>_make_divisible(·, 8)</c>: every channel count is a multiple of 8.</summary>
    public const int ChannelQuantum = 8;

    /// <summary>torchvision's MobileNetV3 BatchNorm eps.</summary>
    public const double BatchNormEpsilon = 0.001;

    /// <summary>The last conv has 6 × the last block's output channels (torchvision's <c>lastconv_output_channels</c>).</summary>
    public const int LastConvExpansion = 6;

    /// <summary>torchvision's <c>adjust_channels</c> at width <paramref name="scale"/>.</summary>
    public static int ScaleChannels(int channels, double scale) => ChannelRounding.MakeDivisible(channels * scale, ChannelQuantum);

    /// <summary>SqueezeExcitation's squeeze channels: <c>_make_divisible(expanded // 4, 8)</c>.</summary>
    public static int SqueezeChannels(int expanded) => ChannelRounding.MakeDivisible(expanded / 4, ChannelQuantum);

    /// <summary>A depthwise kernel the catalogue has no row for (only 3 and 5, as the paper's tables use) is SNG0050 at the row's k.</summary>
    public static void Check(FamilySpec spec, FamilyDiagnostics diagnostics)
    {
        for (int r = 0; r < spec.Stages.Count; r++)
        {
            int kernel = spec.Stages[r][MobileNetV3Stage.Kernel];
            if (kernel != 3 && kernel != 5)
            {
                diagnostics.Report(DiagnosticDescriptors.DepthwiseKernelSize, $"stages[{Text(r)}].k", Text(kernel));
            }
        }
    }

    public static LoweringResult Lower(ModelSpec spec)
    {
        var g = new GraphBuilder { SpecKey = "stem.channels" };
        var shape = new TensorShape(spec.InputChannels, spec.InputHeight, spec.InputWidth);
        string x = "input";

        (x, shape) = g.ConvNormActivation("features.0", x, shape, spec.Architecture.ScaleChannels(spec.Get(SpecKeys.Stem)), kernel: 3, stride: 2,
            groups: 1, ActivationKind.HardSwish, BatchNormEpsilon);

        for (int r = 0; r < spec.Stages.Count; r++)
        {
            StageRow row = spec.Stages[r];
            g.SpecKey = "stages[" + Text(r) + "]";
            (x, shape) = InvertedResidual(g, "features." + Text(r + 1), x, shape, row, spec.Architecture);
        }

        g.SpecKey = "head.channels";
        string last = "features." + Text(spec.Stages.Count + 1);
        (x, shape) = g.ConvNormActivation(last, x, shape, LastConvExpansion * shape.Channels, kernel: 1, stride: 1, groups: 1,
            ActivationKind.HardSwish, BatchNormEpsilon);
        int head = spec.Architecture.ScaleChannels(spec.Get(SpecKeys.Head));
        x = g.GlobalAvgPool("avgpool", x, shape);
        x = g.Linear("classifier.0", x, shape.Channels, head, withBias: true);
        x = g.Activation("classifier.1", x, new TensorShape(head, 1, 1), ActivationKind.HardSwish);
        g.SpecKey = "classes";
        x = g.Linear("classifier.3", x, head, spec.Classes, withBias: true);
        return LoweringResult.Success(g.Build(spec, x));
    }

    /// <summary>torchvision's InvertedResidual: <c>block</c> is a Sequential whose indices shift by one without the expand conv.</summary>
    private static (string, TensorShape) InvertedResidual(GraphBuilder g, string unit, string x, TensorShape shape, StageRow row, FamilySpec scale)
    {
        int expanded = scale.ScaleChannels(row[MobileNetV3Stage.Expanded]);
        int outChannels = scale.ScaleChannels(row[MobileNetV3Stage.Channels]);
        int kernel = row[MobileNetV3Stage.Kernel], stride = row[MobileNetV3Stage.Stride];
        ActivationKind nl = row[MobileNetV3Stage.HardSwish] == 1 ? ActivationKind.HardSwish : ActivationKind.Relu;
        string block = unit + ".block.";
        int index = 0;
        string h = x;
        TensorShape hShape = shape;
        if (expanded != shape.Channels)
        {
            (h, hShape) = g.ConvNormActivation(block + Text(index++), h, hShape, expanded, kernel: 1, stride: 1, groups: 1, nl, BatchNormEpsilon);
        }
        (h, hShape) = g.ConvNormActivation(block + Text(index++), h, hShape, expanded, kernel, stride, groups: expanded, nl, BatchNormEpsilon);
        if (row[MobileNetV3Stage.SqueezeExcite] == 1)
        {
            h = g.SqueezeExcitation(block + Text(index++), h, hShape, SqueezeChannels(expanded));
        }
        string project = block + Text(index);
        (h, hShape) = g.Conv(project + ".0", h, hShape, outChannels, kernel: 1, stride: 1, padding: 0, groups: 1);
        h = g.BatchNorm(project + ".1", h, hShape, BatchNormEpsilon);
        bool residual = stride == 1 && shape.Channels == outChannels;
        return (residual ? g.Add(unit + ".add", x, h, hShape) : h, hShape);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
