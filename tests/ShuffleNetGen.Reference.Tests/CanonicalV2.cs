using System;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Reference.Tests;

/// <summary>The specs/shufflenet_v2_x*.model.yaml tables (torchvision's stages_out_channels), built in code and lowered.</summary>
internal static class CanonicalV2
{
    public static ModelSpec Spec(string width, int height = 224, int widthPixels = 224) => width switch
    {
        "0_5" => Make("ShuffleNetV2X0_5", 48, 96, 192, 1024, height, widthPixels),
        "1_0" => Make("ShuffleNetV2X1_0", 116, 232, 464, 1024, height, widthPixels),
        "1_5" => Make("ShuffleNetV2X1_5", 176, 352, 704, 1024, height, widthPixels),
        "2_0" => Make("ShuffleNetV2X2_0", 244, 488, 976, 2048, height, widthPixels),
        _ => throw new ArgumentOutOfRangeException(nameof(width), width, "Canonical V2 widths are 0_5, 1_0, 1_5, 2_0."),
    };

    public static LayerGraph Graph(string width, int height = 224, int widthPixels = 224)
    {
        LoweringResult result = ShuffleNetV2Lowering.Lower(Spec(width, height, widthPixels));
        return result.Graph ?? throw new InvalidOperationException($"V2 {width} did not lower: {string.Join(", ", result.Diagnostics)}");
    }

    private static ModelSpec Make(string name, int stage2, int stage3, int stage4, int head, int height, int width) => new()
    {
        Name = name,
        InputChannels = 3,
        InputHeight = height,
        InputWidth = width,
        Classes = 1000,
        Architecture = FamilySpec.Create(FamilyRegistry.ShuffleNetV2, StageRow.Of(4, stage2), StageRow.Of(8, stage3), StageRow.Of(4, stage4))
            .With(SpecKeys.Stem, 24)
            .With(SpecKeys.Head, head),
        FilePath = name + ".model.yaml",
        Locations = ImmutableEquatableArray<KeyLocation>.Empty,
    };
}
