namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// The stage row of MobileNet V1, its paper's Table 1 grouped into stages: the output channels of the stage's
/// depthwise-separable layers, how many there are, and the stride of the first (the others have stride 1).
/// </summary>
internal static class MobileNetV1Stage
{
    public static readonly StageColumn Channels = new(0, "channels", new IntRange(1, 16384), 128);
    public static readonly StageColumn Repeats = new(1, "repeats", new IntRange(1, 64), 2);
    /// <summary>Every depthwise kernel takes stride 1 or 2, as in the paper's table.</summary>
    public static readonly StageColumn Stride = new(2, "stride", new IntRange(1, 2), 2);

    public static readonly StageTable Table = new(new IntRange(1, 16), Channels, Repeats, Stride);
}
