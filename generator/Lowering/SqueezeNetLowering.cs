using System.Collections.Generic;
using System.Globalization;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Lowering;

/// <summary>
/// SqueezeNet (Iandola et al., 2016) as torchvision/models/squeezenet.py builds it: <c>features</c> is an nn.Sequential of
/// the stem conv (features.0: 7x7 stride 2 with 96 channels in 1.0, 3x3 stride 2 with 64 in 1.1, both with bias and no
/// padding) and its ReLU (features.1), <c>MaxPool2d(3, 2, ceil_mode=True)</c> (features.2), then one Fire module per stage
/// row and a pool after each row that asks for one, numbered on (features.3 …); <c>classifier</c> is Dropout (the identity
/// in eval mode) → classifier.1, a 1x1 conv with bias to the classes → ReLU → AdaptiveAvgPool2d(1), flattened.
/// <para>
/// Fire: squeeze (1x1 conv with bias) + ReLU, then expand1x1 (1x1) and expand3x3 (3x3, padding 1), each with bias and ReLU,
/// concatenated expand1x1 first. Each expand stores into its half of the concat's planes, so the concat moves no data.
/// Width scale: every channel count becomes <c>int(c · scale)</c>, as MobileNet V1's multiplier (torchvision has none).
/// </para>
/// </summary>
internal static class SqueezeNetLowering
{
    /// <summary>The stem conv's kernel: 7 in SqueezeNet 1.0, 3 in 1.1 (its channels are <c>stem.channels</c>: 96, 64).</summary>
    public static readonly SpecKey<int> StemKernel = SpecKey.Choice("stem_kernel", "stem_kernel: 7",
        " (SqueezeNet 1.0's conv1 is 7x7, 1.1's is 3x3)",
        new Choice<int>("7", 7), new Choice<int>("3", 3));

    public static int ScaleChannels(int channels, double scale) => ChannelRounding.Truncate(channels, scale);

    /// <summary>A width scale that truncates a channel count to 0 leaves a layer with no channels (SNG0012, at width_scale).</summary>
    public static void Check(FamilySpec spec, FamilyDiagnostics diagnostics)
    {
        if (spec.ScaleChannels(spec.Get(SpecKeys.Stem)) < 1)
        {
            diagnostics.Report(DiagnosticDescriptors.StageTableDoesNotFit, SpecSchema.WidthScale, spec.Family.Name, ChannelRounding.TruncatedToNothing("stem.channels", spec.Get(SpecKeys.Stem), spec.WidthScale));
            return;
        }
        for (int s = 0; s < spec.Stages.Count; s++)
        {
            foreach (StageColumn column in new[] { SqueezeNetStage.Squeeze, SqueezeNetStage.Expand1x1, SqueezeNetStage.Expand3x3 })
            {
                int channels = spec.Stages[s][column];
                if (spec.ScaleChannels(channels) < 1)
                {
                    diagnostics.Report(DiagnosticDescriptors.StageTableDoesNotFit, SpecSchema.WidthScale, spec.Family.Name,
                        ChannelRounding.TruncatedToNothing($"stages[{Text(s)}].{column.Name}", channels, spec.WidthScale));
                    return;
                }
            }
        }
    }

    public static LoweringResult Lower(ModelSpec spec)
    {
        if (TooSmall(spec) is { } diagnostic) return new LoweringResult(null, new[] { diagnostic }.ToImmutableEquatableArray());

        var g = new GraphBuilder { SpecKey = "stem.channels" };
        var shape = new TensorShape(spec.InputChannels, spec.InputHeight, spec.InputWidth);
        string x = "input";

        int stemKernel = spec.Get(StemKernel);
        (x, shape) = g.Conv("features.0", x, shape, spec.Architecture.ScaleChannels(spec.Get(SpecKeys.Stem)), stemKernel, stride: 2, padding: 0, groups: 1, withBias: true);
        x = g.Relu("features.1", x, shape);
        (x, shape) = g.MaxPool("features.2", x, shape, kernel: 3, stride: 2, padding: 0, ceilMode: true);

        int feature = 3;
        for (int r = 0; r < spec.Stages.Count; r++)
        {
            StageRow row = spec.Stages[r];
            g.SpecKey = "stages[" + Text(r) + "]";
            (x, shape) = Fire(g, "features." + Text(feature++), x, shape, spec.Architecture.ScaleChannels(row[SqueezeNetStage.Squeeze]),
                spec.Architecture.ScaleChannels(row[SqueezeNetStage.Expand1x1]), spec.Architecture.ScaleChannels(row[SqueezeNetStage.Expand3x3]));
            if (row[SqueezeNetStage.Pool] == 1)
            {
                (x, shape) = g.MaxPool("features." + Text(feature++), x, shape, kernel: 3, stride: 2, padding: 0, ceilMode: true);
            }
        }

        g.SpecKey = "classes";
        (x, shape) = g.Conv("classifier.1", x, shape, spec.Classes, kernel: 1, stride: 1, padding: 0, groups: 1, withBias: true);
        x = g.Relu("classifier.2", x, shape);
        x = g.GlobalAvgPool("classifier.3", x, shape);
        return LoweringResult.Success(g.Build(spec, x));
    }

    /// <summary>torchvision's Fire: <c>torch.cat([relu(expand1x1(s)), relu(expand3x3(s))], 1)</c> with <c>s = relu(squeeze(x))</c>.</summary>
    private static (string, TensorShape) Fire(GraphBuilder g, string module, string x, TensorShape shape, int squeeze, int expand1x1, int expand3x3)
    {
        var (s, sShape) = g.Conv(module + ".squeeze", x, shape, squeeze, kernel: 1, stride: 1, padding: 0, groups: 1, withBias: true);
        s = g.Relu(module + ".squeeze_activation", s, sShape);
        var (e1, e1Shape) = g.Conv(module + ".expand1x1", s, sShape, expand1x1, kernel: 1, stride: 1, padding: 0, groups: 1, withBias: true);
        e1 = g.Relu(module + ".expand1x1_activation", e1, e1Shape);
        var (e3, e3Shape) = g.Conv(module + ".expand3x3", s, sShape, expand3x3, kernel: 3, stride: 1, padding: 1, groups: 1, withBias: true);
        e3 = g.Relu(module + ".expand3x3_activation", e3, e3Shape);
        var outShape = e1Shape with { Channels = expand1x1 + expand3x3 };
        return (g.Concat(module + ".cat", outShape, e1, e3), outShape);
    }

    /// <summary>
    /// The stem conv and every pool shrink the map; PyTorch refuses a layer whose output would be empty ("Output size is too
    /// small"), so does this (SNG0055, at <c>input</c>), naming the first layer that would be.
    /// </summary>
    private static DiagnosticInfo? TooSmall(ModelSpec spec)
    {
        int kernel = spec.Get(StemKernel);
        var sizes = new List<(string Layer, int Height, int Width)>();
        int h = Conv(spec.InputHeight, kernel), w = Conv(spec.InputWidth, kernel);
        sizes.Add(($"the stem's {Text(kernel)}x{Text(kernel)} stride-2 conv (features.0)", h, w));
        h = Pool(h);
        w = Pool(w);
        sizes.Add(("the stem's max pool (features.2)", h, w));
        for (int r = 0; r < spec.Stages.Count; r++)
        {
            if (spec.Stages[r][SqueezeNetStage.Pool] != 1) continue;
            h = Pool(h);
            w = Pool(w);
            sizes.Add(($"the max pool after stages[{Text(r)}]", h, w));
        }
        foreach (var (layer, height, width) in sizes)
        {
            if (height >= 1 && width >= 1) continue;
            return DiagnosticInfo.Create(DiagnosticDescriptors.InputTooSmallForPools, spec.Locate("input"),
                Text(spec.InputHeight) + "x" + Text(spec.InputWidth), spec.Family.Name, layer);
        }
        return null;
    }

    /// <summary><c>(size - k) / 2 + 1</c>, floored as PyTorch floors (a negative span gives no output).</summary>
    private static int Conv(int size, int kernel) => size < kernel ? 0 : (size - kernel) / 2 + 1;

    /// <summary>MaxPool2d(3, 2, ceil_mode=True): <c>ceil((size - 3) / 2) + 1</c>, none when the size is below 2.</summary>
    private static int Pool(int size) => size < 2 ? 0 : (size - 2) / 2 + 1;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
