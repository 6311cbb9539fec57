namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// The stage row of MobileNet V2, as its paper's Table 2 (and torchvision's <c>inverted_residual_setting</c>) writes it:
/// expansion factor t, output channels c, repeats n, and the stride s of the first of the n inverted residuals.
/// </summary>
internal static class MobileNetV2Stage
{
    public static readonly StageColumn Expansion = new(0, "t", new IntRange(1, 64), 6);
    public static readonly StageColumn Channels = new(1, "c", new IntRange(1, 16384), 24);
    public static readonly StageColumn Repeats = new(2, "n", new IntRange(1, 64), 2);
    /// <summary>torchvision's InvertedResidual takes only 1 or 2 ("stride should be 1 or 2").</summary>
    public static readonly StageColumn Stride = new(3, "s", new IntRange(1, 2), 2);

    public static readonly StageTable Table = new(new IntRange(1, 16), Expansion, Channels, Repeats, Stride);
}
