namespace ShuffleNetGen.Generator.Guidelines;

/// <summary>
/// Which of ShuffleNet V2's guidelines the build checks for a spec: its <c>guidelines: { g1: false, … }</c> mapping (every
/// key optional, default true). A spec that strains a guideline on purpose turns its warning off here.
/// </summary>
internal sealed record GuidelineSwitches(bool G1, bool G2, bool G3, bool G4)
{
    public const string Key = "guidelines";
    public static readonly string[] Keys = { "g1", "g2", "g3", "g4" };
    public static readonly GuidelineSwitches AllOn = new(true, true, true, true);
}
