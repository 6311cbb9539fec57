using System;
using System.Text;
using DiffPlex;
using DiffPlex.Model;

namespace ShuffleNetGen.Generator.Tests.Baselines;

/// <summary>A unified diff (<c>diff -u</c> hunks with three lines of context) of two texts, from DiffPlex's line diff.</summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    public static string Create(string expected, string actual, string expectedName, string actualName)
    {
        DiffResult diff = new Differ().CreateLineDiffs(expected, actual, ignoreWhitespace: false);
        var text = new StringBuilder().Append("--- ").AppendLine(expectedName).Append("+++ ").AppendLine(actualName);
        int block = 0;
        while (block < diff.DiffBlocks.Count)
        {
            // Blocks closer than twice the context share one hunk, as diff -u does.
            int last = block;
            while (last + 1 < diff.DiffBlocks.Count &&
                   diff.DiffBlocks[last + 1].DeleteStartA - (diff.DiffBlocks[last].DeleteStartA + diff.DiffBlocks[last].DeleteCountA) <= 2 * Context)
            {
                last++;
            }
            AppendHunk(text, diff, block, last);
            block = last + 1;
        }
        return text.ToString();
    }

    private static void AppendHunk(StringBuilder text, DiffResult diff, int first, int last)
    {
        DiffBlock start = diff.DiffBlocks[first];
        DiffBlock end = diff.DiffBlocks[last];
        int fromA = Math.Max(0, start.DeleteStartA - Context);
        int toA = Math.Min(diff.PiecesOld.Length, end.DeleteStartA + end.DeleteCountA + Context);
        int fromB = start.InsertStartB - (start.DeleteStartA - fromA);
        int toB = Math.Min(diff.PiecesNew.Length, end.InsertStartB + end.InsertCountB + (toA - end.DeleteStartA - end.DeleteCountA));
        text.Append("@@ -").Append(fromA + 1).Append(',').Append(toA - fromA)
            .Append(" +").Append(fromB + 1).Append(',').Append(toB - fromB).AppendLine(" @@");

        int a = fromA;
        for (int i = first; i <= last; i++)
        {
            DiffBlock b = diff.DiffBlocks[i];
            for (; a < b.DeleteStartA; a++) text.Append(' ').AppendLine(diff.PiecesOld[a]);
            for (int d = 0; d < b.DeleteCountA; d++) text.Append('-').AppendLine(diff.PiecesOld[b.DeleteStartA + d]);
            for (int n = 0; n < b.InsertCountB; n++) text.Append('+').AppendLine(diff.PiecesNew[b.InsertStartB + n]);
            a = b.DeleteStartA + b.DeleteCountA;
        }
        for (; a < toA; a++) text.Append(' ').AppendLine(diff.PiecesOld[a]);
    }
}
