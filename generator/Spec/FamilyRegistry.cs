using System.Collections.Generic;
using ShuffleNetGen.Generator.Lowering;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// Every architecture family a spec can name, one entry each: the spec's <c>family:</c> value, the keys it takes and
/// their defaults, its stage-row schema, its width-scale rounding, its checks and its lowering (one file in Lowering/).
/// A new family is an entry here and its lowering file.
/// </summary>
internal static class FamilyRegistry
{
    private static readonly SpecKey<string> MegviiWeights = SpecKeys.Weights(" (torchvision has no ShuffleNet V1)", WeightNaming.Megvii);

    /// <summary>torchvision/models/shufflenetv2.py.</summary>
    public static readonly ModelFamily ShuffleNetV2 = new()
    {
        Name = "shufflenet_v2",
        Keys = new[]
        {
            KeyRule.Required(SpecKeys.Stem, "shufflenet_v2 needs the channels of its first 3x3 convolution (torchvision's conv1)"),
            KeyRule.Required(SpecKeys.Head, "shufflenet_v2 needs the channels of its last 1x1 convolution (torchvision's conv5)"),
            KeyRule.Fixed(SpecKeys.Groups, 1, "its pointwise convolutions are not grouped; remove 'groups' or set it to 1"),
            KeyRule.Fixed(SpecKeys.ShuffleOrder, ShuffleOrder.Paper,
                "torchvision's V2 shuffles in the paper's order; remove 'shuffle_order' or set it to paper"),
            KeyRule.Optional(SpecKeys.Weights(
                " (ShuffleNet V2 loads torchvision's state_dict names; megvii's ShuffleNet-Series V2 checkpoints use other names, " +
                "another channel split and a classifier without bias, and cannot be loaded)", WeightNaming.Torchvision), WeightNaming.Torchvision),
            KeyRule.Optional(SpecKeys.ClassifierBias, true),
        },
        Stages = ShuffleNetStage.Table,
        ScaleChannels = static (spec, channels) =>
            ChannelRounding.ToMultiple(channels, spec.WidthScale, ShuffleNetV2Lowering.ChannelQuantum),
        Check = ShuffleNetV2Lowering.Check,
        Lower = ShuffleNetV2Lowering.Lower,
    };

    /// <summary>megvii-model/ShuffleNet-Series, ShuffleNetV1/network.py + blocks.py (the only published V1 weights).</summary>
    public static readonly ModelFamily ShuffleNetV1 = new()
    {
        Name = "shufflenet_v1",
        Keys = new[]
        {
            KeyRule.Required(SpecKeys.Stem, "shufflenet_v1 needs the channels of its first 3x3 convolution (megvii's first_conv)"),
            KeyRule.Required(SpecKeys.Groups, "shufflenet_v1 needs the group count of its pointwise convolutions"),
            KeyRule.Optional(MegviiWeights, WeightNaming.Megvii),
            // megvii's checkpoints were trained with megvii's shuffle: the order follows the naming unless the spec says otherwise.
            KeyRule.Optional(SpecKeys.ShuffleOrder,
                settings => settings.TryGet(MegviiWeights, out string naming) && naming == WeightNaming.Megvii ? ShuffleOrder.Megvii : ShuffleOrder.Paper),
            KeyRule.Optional(SpecKeys.ClassifierBias, false),
        },
        ForeignKeyReasons = new Dictionary<string, string>
        {
            [SpecKeys.Head.Name] = "V1 pools the last stage straight into the classifier; remove 'head'",
        },
        // megvii's evaluation feeds OpenCV-resized BGR bytes, not torchvision's normalised RGB.
        Preprocessing = PreprocessDefaults.Megvii,
        Stages = ShuffleNetStage.Table,
        ScaleChannels = static (spec, channels) =>
            ChannelRounding.ToMultiple(channels, spec.WidthScale, ShuffleNetV1Lowering.ChannelQuantum(spec.Get(SpecKeys.Groups))),
        Check = ShuffleNetV1Lowering.Check,
        Lower = ShuffleNetV1Lowering.Lower,
    };

    /// <summary>torchvision/models/mobilenetv2.py.</summary>
    public static readonly ModelFamily MobileNetV2 = new()
    {
        Name = "mobilenet_v2",
        Keys = new[]
        {
            KeyRule.Required(SpecKeys.Stem, "mobilenet_v2 needs the channels of its first 3x3 convolution (torchvision's features.0, 32)"),
            KeyRule.Required(SpecKeys.Head, "mobilenet_v2 needs the channels of its last 1x1 convolution (torchvision's last_channel, 1280)"),
            KeyRule.Optional(SpecKeys.Weights("", WeightNaming.Torchvision), WeightNaming.Torchvision),
            KeyRule.Optional(SpecKeys.ClassifierBias, true),
        },
        Stages = MobileNetV2Stage.Table,
        ScaleChannels = static (spec, channels) => MobileNetV2Lowering.ScaleChannels(channels, spec.WidthScale),
        Check = MobileNetV2Lowering.Check,
        Lower = MobileNetV2Lowering.Lower,
    };

    /// <summary>Seed 003's MobileNet V1 (marvis/pytorch-mobilenet's <c>model</c> Sequential and <c>fc</c>); torchvision has none.</summary>
    public static readonly ModelFamily MobileNetV1 = new()
    {
        Name = "mobilenet_v1",
        Keys = new[]
        {
            KeyRule.Required(SpecKeys.Stem, "mobilenet_v1 needs the channels of its first 3x3 convolution (model.0, 32)"),
            KeyRule.Optional(SpecKeys.Weights(" (torchvision has no MobileNet V1)", WeightNaming.Marvis), WeightNaming.Marvis),
            KeyRule.Optional(SpecKeys.ClassifierBias, true),
        },
        ForeignKeyReasons = new Dictionary<string, string>
        {
            [SpecKeys.Head.Name] = "V1 pools the last stage straight into the classifier; remove 'head'",
        },
        Stages = MobileNetV1Stage.Table,
        ScaleChannels = static (spec, channels) => MobileNetV1Lowering.ScaleChannels(channels, spec.WidthScale),
        Check = MobileNetV1Lowering.Check,
        Lower = MobileNetV1Lowering.Lower,
    };

    /// <summary>torchvision/models/mobilenetv3.py (<c>mobilenet_v3_large</c>, <c>mobilenet_v3_small</c>).</summary>
    public static readonly ModelFamily MobileNetV3 = new()
    {
        Name = "mobilenet_v3",
        Keys = new[]
        {
            KeyRule.Required(SpecKeys.Stem, "mobilenet_v3 needs the channels of its first 3x3 convolution (torchvision's features.0, 16)"),
            KeyRule.Required(SpecKeys.Head, "mobilenet_v3 needs the channels of its classifier's hidden layer (torchvision's last_channel: 1280 large, 1024 small)"),
            KeyRule.Optional(SpecKeys.Weights("", WeightNaming.Torchvision), WeightNaming.Torchvision),
        },
        Stages = MobileNetV3Stage.Table,
        ScaleChannels = static (spec, channels) => MobileNetV3Lowering.ScaleChannels(channels, spec.WidthScale),
        Check = MobileNetV3Lowering.Check,
        Lower = MobileNetV3Lowering.Lower,
    };

    /// <summary>torchvision/models/squeezenet.py: versions 1_0 and 1_1 are stage tables of Fire modules.</summary>
    public static readonly ModelFamily SqueezeNet = new()
    {
        Name = "squeezenet",
        Keys = new[]
        {
            KeyRule.Required(SpecKeys.Stem, "squeezenet needs the channels of its first convolution (torchvision's features.0: 96 in 1.0, 64 in 1.1)"),
            KeyRule.Required(SqueezeNetLowering.StemKernel, "squeezenet needs the kernel of its first convolution (7 in 1.0, 3 in 1.1)"),
            KeyRule.Optional(SpecKeys.Weights("", WeightNaming.Torchvision), WeightNaming.Torchvision),
        },
        ForeignKeyReasons = new Dictionary<string, string>
        {
            [SpecKeys.Head.Name] = "SqueezeNet's classifier is a 1x1 conv straight to the classes; remove 'head'",
            [SpecKeys.ClassifierBias.Name] = "SqueezeNet's classifier conv always has a bias; remove 'classifier_bias'",
        },
        Stages = SqueezeNetStage.Table,
        ScaleChannels = static (spec, channels) => SqueezeNetLowering.ScaleChannels(channels, spec.WidthScale),
        Check = SqueezeNetLowering.Check,
        Lower = SqueezeNetLowering.Lower,
    };

    /// <summary>Every family, in the order messages list them.</summary>
    public static readonly IReadOnlyList<ModelFamily> All = new[] { ShuffleNetV2, ShuffleNetV1, MobileNetV2, MobileNetV1, MobileNetV3, SqueezeNet };

    /// <summary>The spec's <c>family:</c> choices.</summary>
    public static Choice<ModelFamily>[] Choices
    {
        get
        {
            var choices = new Choice<ModelFamily>[All.Count];
            for (int i = 0; i < choices.Length; i++) choices[i] = new Choice<ModelFamily>(All[i].Name, All[i]);
            return choices;
        }
    }
}
