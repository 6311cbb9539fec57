namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// The stage row of SqueezeNet: one Fire module as the paper's Table 1 lists it (s1x1 squeeze, e1x1 and e3x3 expand
/// filters; torchvision's <c>Fire(inplanes, squeeze_planes, expand1x1_planes, expand3x3_planes)</c>), and whether a
/// <c>MaxPool2d(3, 2, ceil_mode=True)</c> follows it (Table 1's maxpool/2 rows: 1.0 after fire4 and fire8, 1.1 after fire3
/// and fire5). The stem's pool always follows conv1.
/// </summary>
internal static class SqueezeNetStage
{
    public static readonly StageColumn Squeeze = new(0, "s1x1", new IntRange(1, 4096), 16);
    public static readonly StageColumn Expand1x1 = new(1, "e1x1", new IntRange(1, 8192), 64);
    public static readonly StageColumn Expand3x3 = new(2, "e3x3", new IntRange(1, 8192), 64);
    public static readonly StageColumn Pool = new(3, "pool", new IntRange(0, 1), 0);

    public static readonly StageTable Table = new(new IntRange(1, 32), Squeeze, Expand1x1, Expand3x3, Pool);
}
