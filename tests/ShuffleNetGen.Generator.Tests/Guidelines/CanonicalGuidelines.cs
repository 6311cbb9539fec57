using System.Text.RegularExpressions;

namespace ShuffleNetGen.Generator.Tests.Guidelines;

/// <summary>
/// The guideline warnings each canonical spec should raise, from its architecture as the paper describes it: V1 adds tensors
/// (G4) and groups its 1x1 convs when g ≥ 2 (G2), and with g ≥ 4 a unit runs more than 8 kernel calls (G3); V2 strains none.
/// One V1 also strains G1: megvii's g = 8 1.5x widens the 24-channel stem to a 144-channel bottleneck (1:6) in its first unit.
/// </summary>
internal static class CanonicalGuidelines
{
    public static string[] Expected(string fileName)
    {
        Match v1 = Regex.Match(fileName, "^shufflenet_v1_g([0-9]+)_");
        if (!v1.Success) return System.Array.Empty<string>();
        int g = int.Parse(v1.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (fileName == "shufflenet_v1_g8_x1_5.model.yaml") return new[] { "SNG0040", "SNG0041", "SNG0042", "SNG0043" };
        return g switch
        {
            1 => new[] { "SNG0043" },
            < 4 => new[] { "SNG0041", "SNG0043" },
            _ => new[] { "SNG0041", "SNG0042", "SNG0043" },
        };
    }
}
