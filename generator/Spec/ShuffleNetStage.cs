namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// The stage row of both ShuffleNets, as V1's Table 1 and V2's Table 5 write it: how many units (the first with stride 2),
/// and the stage's output channels.
/// </summary>
internal static class ShuffleNetStage
{
    public static readonly StageColumn Repeats = new(0, "repeats", new IntRange(1, 64), 4);
    public static readonly StageColumn Channels = new(1, "channels", new IntRange(1, 16384), 116);

    public static readonly StageTable Table = new(new IntRange(1, 8), Repeats, Channels);
}
