using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Onnx.Tests.Export;

/// <summary>Specs written in code, so these tests depend on the lowering but not on the YAML parser.</summary>
internal static class TestSpecs
{
    /// <summary>A spec carrying only what a hand-built graph reads from it: name and input/output sizes.</summary>
    public static ModelSpec Minimal(string name, int channels, int height, int width, int classes) => new()
    {
        Name = name,
        InputChannels = channels,
        InputHeight = height,
        InputWidth = width,
        Classes = classes,
        Architecture = FamilySpec.Create(FamilyRegistry.ShuffleNetV2),
        FilePath = name + ".model.yaml",
        Locations = ImmutableEquatableArray<KeyLocation>.Empty,
    };

    /// <summary>specs/shufflenet_v2_x1_0.model.yaml: torchvision's shufflenet_v2_x1_0 (Ma et al., Table 5).</summary>
    public static ModelSpec ShuffleNetV2X1_0() => new()
    {
        Name = "ShuffleNetV2X1_0",
        InputChannels = 3,
        InputHeight = 224,
        InputWidth = 224,
        Classes = 1000,
        Architecture = FamilySpec.Create(FamilyRegistry.ShuffleNetV2, StageRow.Of(4, 116), StageRow.Of(8, 232), StageRow.Of(4, 464))
            .With(SpecKeys.Stem, 24)
            .With(SpecKeys.Head, 1024),
        FilePath = "shufflenet_v2_x1_0.model.yaml",
        Locations = ImmutableEquatableArray<KeyLocation>.Empty,
    };

    /// <summary>specs/mobilenet_v2.model.yaml (at <paramref name="widthScale"/>): torchvision's mobilenet_v2(width_mult), Table 2 of Sandler et al.</summary>
    public static ModelSpec MobileNetV2(double widthScale = 1.0) => new()
    {
        Name = "MobileNetV2",
        InputChannels = 3,
        InputHeight = 224,
        InputWidth = 224,
        Classes = 1000,
        Architecture = (FamilySpec.Create(FamilyRegistry.MobileNetV2,
                StageRow.Of(1, 16, 1, 1), StageRow.Of(6, 24, 2, 2), StageRow.Of(6, 32, 3, 2), StageRow.Of(6, 64, 4, 2),
                StageRow.Of(6, 96, 3, 1), StageRow.Of(6, 160, 3, 2), StageRow.Of(6, 320, 1, 1))
            .With(SpecKeys.Stem, 32)
            .With(SpecKeys.Head, 1280)) with { WidthScale = widthScale },
        FilePath = "mobilenet_v2.model.yaml",
        Locations = ImmutableEquatableArray<KeyLocation>.Empty,
    };

    /// <summary>specs/mobilenet_v1.model.yaml: seed 003's MobileNet V1 (Howard et al., Table 1).</summary>
    public static ModelSpec MobileNetV1() => new()
    {
        Name = "MobileNetV1",
        InputChannels = 3,
        InputHeight = 224,
        InputWidth = 224,
        Classes = 1000,
        Architecture = FamilySpec.Create(FamilyRegistry.MobileNetV1,
                StageRow.Of(64, 1, 1), StageRow.Of(128, 2, 2), StageRow.Of(256, 2, 2), StageRow.Of(512, 6, 2), StageRow.Of(1024, 2, 2))
            .With(SpecKeys.Stem, 32),
        FilePath = "mobilenet_v1.model.yaml",
        Locations = ImmutableEquatableArray<KeyLocation>.Empty,
    };

    /// <summary>specs/mobilenet_v3_large.model.yaml: torchvision's mobilenet_v3_large() (Howard et al., Table 1), rows k, exp, c, se, hs, s.</summary>
    public static ModelSpec MobileNetV3Large() => MobileNetV3("MobileNetV3Large", 1280,
        StageRow.Of(3, 16, 16, 0, 0, 1), StageRow.Of(3, 64, 24, 0, 0, 2), StageRow.Of(3, 72, 24, 0, 0, 1), StageRow.Of(5, 72, 40, 1, 0, 2),
        StageRow.Of(5, 120, 40, 1, 0, 1), StageRow.Of(5, 120, 40, 1, 0, 1), StageRow.Of(3, 240, 80, 0, 1, 2), StageRow.Of(3, 200, 80, 0, 1, 1),
        StageRow.Of(3, 184, 80, 0, 1, 1), StageRow.Of(3, 184, 80, 0, 1, 1), StageRow.Of(3, 480, 112, 1, 1, 1), StageRow.Of(3, 672, 112, 1, 1, 1),
        StageRow.Of(5, 672, 160, 1, 1, 2), StageRow.Of(5, 960, 160, 1, 1, 1), StageRow.Of(5, 960, 160, 1, 1, 1));

    /// <summary>specs/mobilenet_v3_small.model.yaml: torchvision's mobilenet_v3_small() (Howard et al., Table 2).</summary>
    public static ModelSpec MobileNetV3Small() => MobileNetV3("MobileNetV3Small", 1024,
        StageRow.Of(3, 16, 16, 1, 0, 2), StageRow.Of(3, 72, 24, 0, 0, 2), StageRow.Of(3, 88, 24, 0, 0, 1), StageRow.Of(5, 96, 40, 1, 1, 2),
        StageRow.Of(5, 240, 40, 1, 1, 1), StageRow.Of(5, 240, 40, 1, 1, 1), StageRow.Of(5, 120, 48, 1, 1, 1), StageRow.Of(5, 144, 48, 1, 1, 1),
        StageRow.Of(5, 288, 96, 1, 1, 2), StageRow.Of(5, 576, 96, 1, 1, 1), StageRow.Of(5, 576, 96, 1, 1, 1));

    private static ModelSpec MobileNetV3(string name, int head, params StageRow[] rows) => new()
    {
        Name = name,
        InputChannels = 3,
        InputHeight = 224,
        InputWidth = 224,
        Classes = 1000,
        Architecture = FamilySpec.Create(FamilyRegistry.MobileNetV3, rows).With(SpecKeys.Stem, 16).With(SpecKeys.Head, head),
        FilePath = name + ".model.yaml",
        Locations = ImmutableEquatableArray<KeyLocation>.Empty,
    };

    /// <summary>specs/squeezenet1_0.model.yaml and squeezenet1_1.model.yaml: torchvision's squeezenet1_0() / squeezenet1_1() (Table 1 of Iandola et al.).</summary>
    public static ModelSpec SqueezeNet(string version, int size = 224) => new()
    {
        Name = "SqueezeNet" + version,
        InputChannels = 3,
        InputHeight = size,
        InputWidth = size,
        Classes = 1000,
        Architecture = FamilySpec.Create(FamilyRegistry.SqueezeNet, version == "1_0"
                ? [StageRow.Of(16, 64, 64, 0), StageRow.Of(16, 64, 64, 0), StageRow.Of(32, 128, 128, 1), StageRow.Of(32, 128, 128, 0),
                   StageRow.Of(48, 192, 192, 0), StageRow.Of(48, 192, 192, 0), StageRow.Of(64, 256, 256, 1), StageRow.Of(64, 256, 256, 0)]
                : [StageRow.Of(16, 64, 64, 0), StageRow.Of(16, 64, 64, 1), StageRow.Of(32, 128, 128, 0), StageRow.Of(32, 128, 128, 1),
                   StageRow.Of(48, 192, 192, 0), StageRow.Of(48, 192, 192, 0), StageRow.Of(64, 256, 256, 0), StageRow.Of(64, 256, 256, 0)])
            .With(SpecKeys.Stem, version == "1_0" ? 96 : 64)
            .With(SqueezeNetLowering.StemKernel, version == "1_0" ? 7 : 3),
        FilePath = "squeezenet" + version + ".model.yaml",
        Locations = ImmutableEquatableArray<KeyLocation>.Empty,
    };
}
