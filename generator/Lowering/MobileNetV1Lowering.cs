using System.Globalization;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Lowering;

/// <summary>
/// MobileNet V1 (Howard et al., 2017) as seed 003's PyTorch model builds it (marvis/pytorch-mobilenet's layout, the most
/// copied PyTorch MobileNet V1): <c>model</c> is an nn.Sequential of conv_bn (3x3 s2 conv + BN + ReLU), then one conv_dw
/// per depthwise-separable layer of the paper's Table 1 (3x3 depthwise + BN + ReLU, 1x1 + BN + ReLU), numbered on across
/// the stages (model.1 …), then AvgPool2d(7); then <c>fc</c> (Linear, with bias). Module paths are that model's, so the
/// graph's weight keys are its state_dict keys (<c>model.1.0.weight</c> depthwise, <c>model.1.3.weight</c> pointwise).
/// <para>
/// AvgPool2d(7) is the global mean when the last map is 7x7 (a 224x224 input); for other inputs we take the global mean,
/// which is what the model's <c>view(-1, 1024)</c> needs to make sense at all. Width multiplier α: every channel count,
/// the stem's included, becomes <c>int(c · α)</c> (the paper thins every layer by α).
/// </para>
/// </summary>
internal static class MobileNetV1Lowering
{
    /// <summary>The channels as built at width <paramref name="scale"/>.</summary>
    public static int ScaleChannels(int channels, double scale) => ChannelRounding.Truncate(channels, scale);

    /// <summary>A width scale that truncates a channel count to 0 leaves a layer with no channels (SNG0012, at width_scale).</summary>
    public static void Check(FamilySpec spec, FamilyDiagnostics diagnostics)
    {
        int stem = spec.Get(SpecKeys.Stem);
        if (spec.ScaleChannels(stem) < 1)
        {
            diagnostics.Report(DiagnosticDescriptors.StageTableDoesNotFit, SpecSchema.WidthScale, spec.Family.Name, ChannelRounding.TruncatedToNothing("stem.channels", stem, spec.WidthScale));
            return;
        }
        for (int s = 0; s < spec.Stages.Count; s++)
        {
            int channels = spec.Stages[s][MobileNetV1Stage.Channels];
            if (spec.ScaleChannels(channels) < 1)
            {
                diagnostics.Report(DiagnosticDescriptors.StageTableDoesNotFit, SpecSchema.WidthScale, spec.Family.Name,
                    ChannelRounding.TruncatedToNothing($"stages[{Text(s)}].channels", channels, spec.WidthScale));
                return;
            }
        }
    }

    public static LoweringResult Lower(ModelSpec spec)
    {
        var g = new GraphBuilder { SpecKey = "stem.channels" };
        var shape = new TensorShape(spec.InputChannels, spec.InputHeight, spec.InputWidth);
        string x = "input";

        // conv_bn: indices 0, 1, 2 as torchvision's Conv2dNormActivation has them.
        (x, shape) = g.ConvNormActivation("model.0", x, shape, spec.Architecture.ScaleChannels(spec.Get(SpecKeys.Stem)), kernel: 3, stride: 2, groups: 1, ActivationKind.Relu);

        int layer = 1;
        for (int s = 0; s < spec.Stages.Count; s++)
        {
            StageRow row = spec.Stages[s];
            g.SpecKey = "stages[" + Text(s) + "]";
            int outChannels = spec.Architecture.ScaleChannels(row[MobileNetV1Stage.Channels]);
            for (int i = 0; i < row[MobileNetV1Stage.Repeats]; i++, layer++)
            {
                int stride = i == 0 ? row[MobileNetV1Stage.Stride] : 1;
                (x, shape) = DepthwiseSeparable(g, "model." + Text(layer), x, shape, outChannels, stride);
            }
        }

        g.SpecKey = "classes";
        x = g.GlobalAvgPool("model." + Text(layer), x, shape);
        x = g.Linear("fc", x, shape.Channels, spec.Classes, spec.Get(SpecKeys.ClassifierBias));
        return LoweringResult.Success(g.Build(spec, x));
    }

    /// <summary>conv_dw: 3x3 depthwise (stride) + BN + ReLU at indices 0–2, 1x1 + BN + ReLU at 3–5.</summary>
    private static (string, TensorShape) DepthwiseSeparable(GraphBuilder g, string layer, string x, TensorShape shape, int outChannels, int stride)
    {
        var (d, dShape) = g.Conv(layer + ".0", x, shape, shape.Channels, kernel: 3, stride: stride, padding: 1, groups: shape.Channels);
        d = g.BatchNorm(layer + ".1", d, dShape);
        d = g.Relu(layer + ".2", d, dShape);
        var (p, pShape) = g.Conv(layer + ".3", d, dShape, outChannels, kernel: 1, stride: 1, padding: 0, groups: 1);
        p = g.BatchNorm(layer + ".4", p, pShape);
        return (g.Relu(layer + ".5", p, pShape), pShape);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
