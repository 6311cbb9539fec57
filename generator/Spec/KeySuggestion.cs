using System;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// What SNG0002 suggests for an unknown key: the allowed key it differs from only in case, '-' or '_' (widthScale), else
/// the nearest one by edit distance when it is close (clases → classes, width_scal → width_scale), else the list.
/// </summary>
internal sealed class KeySuggestion
{
    private readonly string[] _allowed;
    private readonly string[] _folded;

    public KeySuggestion(string[] allowedKeys)
    {
        _allowed = allowedKeys;
        _folded = new string[allowedKeys.Length];
        for (int i = 0; i < allowedKeys.Length; i++) _folded[i] = Fold(allowedKeys[i]);
    }

    public string For(string key)
    {
        string folded = Fold(key);
        // Two edits is a typo in a word of five or more letters; in shorter words it is a different word.
        int limit = Math.Min(2, (folded.Length - 1) / 2);
        int best = limit + 1, nearest = -1;
        for (int i = 0; i < _folded.Length; i++)
        {
            if (_folded[i] == folded) return "did you mean '" + _allowed[i] + "'?";
            // Keys whose lengths differ by more than the limit are further apart than it (and a pasted paragraph costs nothing).
            if (Math.Abs(_folded[i].Length - folded.Length) > limit) continue;
            int distance = EditDistance(folded, _folded[i], best - 1);
            if (distance < best)
            {
                best = distance;
                nearest = i;
            }
        }
        return nearest >= 0 ? "did you mean '" + _allowed[nearest] + "'?" : "expected one of: " + string.Join(", ", _allowed);
    }

    private static string Fold(string key) => key.Replace("_", string.Empty).Replace("-", string.Empty).ToUpperInvariant();

    /// <summary>
    /// Optimal string alignment distance (insertions, deletions, substitutions and adjacent transpositions cost 1), or
    /// <paramref name="bound"/> + 1 as soon as it must exceed <paramref name="bound"/> (a row's minimum never decreases).
    /// </summary>
    internal static int EditDistance(string a, string b, int bound)
    {
        var beforeLast = new int[b.Length + 1];
        var last = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) last[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            int rowMinimum = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int value = Math.Min(Math.Min(last[j] + 1, current[j - 1] + 1), last[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) value = Math.Min(value, beforeLast[j - 2] + 1);
                current[j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }
            if (rowMinimum > bound) return bound + 1;
            (beforeLast, last, current) = (last, current, beforeLast);
        }
        return last[b.Length];
    }
}
