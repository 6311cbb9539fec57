namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// The stage row of MobileNet V3: one inverted-residual block per row, as the paper's Tables 1 and 2 (and torchvision's
/// <c>_mobilenet_v3_conf</c>) write them: depthwise kernel k, expanded ("exp size") and output channels, whether it has
/// squeeze-and-excitation (SE), its nonlinearity (NL: <c>hs: 1</c> for h-swish, 0 for ReLU) and its stride.
/// </summary>
internal static class MobileNetV3Stage
{
    /// <summary>3 or 5; the range admits 4 so that a 4 is SNG0050, not a generic range error.</summary>
    public static readonly StageColumn Kernel = new(0, "k", new IntRange(3, 5), 5);
    public static readonly StageColumn Expanded = new(1, "exp", new IntRange(1, 16384), 120);
    public static readonly StageColumn Channels = new(2, "c", new IntRange(1, 16384), 40);
    public static readonly StageColumn SqueezeExcite = new(3, "se", new IntRange(0, 1), 1);
    public static readonly StageColumn HardSwish = new(4, "hs", new IntRange(0, 1), 0);
    /// <summary>torchvision's InvertedResidual takes only 1 or 2 ("illegal stride value").</summary>
    public static readonly StageColumn Stride = new(5, "s", new IntRange(1, 2), 1);

    public static readonly StageTable Table = new(new IntRange(1, 32), Kernel, Expanded, Channels, SqueezeExcite, HardSwish, Stride);
}
