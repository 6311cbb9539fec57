using System;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// What SNG0002 suggests for an unknown key: the allowed key it differs from only in case, '-' or '_' (widthScale), else
/// the nearest one by edit distance when it is close (clases → classes, width_scal → width_scale), else the list.
/// </summary>
internal static class KeySuggestion
{
    public static string For(string key, string[] allowedKeys)
    {
        string folded = Fold(key);
        foreach (string allowed in allowedKeys)
        {
            if (Fold(allowed) == folded) return "did you mean '" + allowed + "'?";
        }
        string? nearest = null;
        int best = int.MaxValue;
        foreach (string allowed in allowedKeys)
        {
            string candidate = Fold(allowed);
            // Beyond two characters' difference in length no key is within two edits (and a pasted paragraph costs nothing).
            if (Math.Abs(candidate.Length - folded.Length) > 2) continue;
            int distance = EditDistance(folded, candidate);
            if (distance < best)
            {
                best = distance;
                nearest = allowed;
            }
        }
        // Two edits is a typo in a word of five or more letters; in shorter words it is a different word.
        int limit = Math.Min(2, (folded.Length - 1) / 2);
        if (nearest is not null && best <= limit) return "did you mean '" + nearest + "'?";
        return "expected one of: " + string.Join(", ", allowedKeys);
    }

    private static string Fold(string key) => key.Replace("_", string.Empty).Replace("-", string.Empty).ToUpperInvariant();

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions cost 1.</summary>
    internal static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int value = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) value = Math.Min(value, d[i - 2, j - 2] + 1);
                d[i, j] = value;
            }
        }
        return d[a.Length, b.Length];
    }
}
