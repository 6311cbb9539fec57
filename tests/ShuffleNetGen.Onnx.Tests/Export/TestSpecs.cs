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
}
