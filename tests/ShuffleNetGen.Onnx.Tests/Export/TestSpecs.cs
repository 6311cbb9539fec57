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
        Family = ModelFamily.ShuffleNetV2,
        InputChannels = channels,
        InputHeight = height,
        InputWidth = width,
        Classes = classes,
        StemChannels = 1,
        Stages = ImmutableEquatableArray<StageSpec>.Empty,
        Weights = WeightNaming.Torchvision,
        FilePath = name + ".model.yaml",
        Locations = ImmutableEquatableArray<KeyLocation>.Empty,
    };

    /// <summary>specs/shufflenet_v2_x1_0.model.yaml: torchvision's shufflenet_v2_x1_0 (Ma et al., Table 5).</summary>
    public static ModelSpec ShuffleNetV2X1_0() => new()
    {
        Name = "ShuffleNetV2X1_0",
        Family = ModelFamily.ShuffleNetV2,
        InputChannels = 3,
        InputHeight = 224,
        InputWidth = 224,
        Classes = 1000,
        StemChannels = 24,
        Stages = new[] { new StageSpec(4, 116), new StageSpec(8, 232), new StageSpec(4, 464) }.ToImmutableEquatableArray(),
        HeadChannels = 1024,
        Weights = WeightNaming.Torchvision,
        FilePath = "shufflenet_v2_x1_0.model.yaml",
        Locations = ImmutableEquatableArray<KeyLocation>.Empty,
    };
}
