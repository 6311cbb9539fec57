using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace ShuffleNetGen.Generator.Tests.Readme;

/// <summary>
/// The README's canonical-spec tables: every Markdown table whose header has a <c>Spec</c> column, a <c>Multiply-adds</c>
/// column (first one: ours) and a <c>Parameters</c> column, read into one row per spec (<c>40.5 M</c>, <c>1,366,792</c>).
/// </summary>
internal static class ReadmeModelTables
{
    public sealed record Row(string Spec, double MultiplyAddsMillions, long Parameters);

    public static IReadOnlyDictionary<string, Row> Read(string readmePath)
    {
        var rows = new Dictionary<string, Row>(StringComparer.Ordinal);
        string[]? header = null;
        foreach (string line in File.ReadLines(readmePath))
        {
            if (!line.StartsWith('|'))
            {
                header = null;
                continue;
            }
            string[] cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (header is null)
            {
                header = cells;
                continue;
            }
            int spec = Array.IndexOf(header, "Spec");
            int macs = Array.FindIndex(header, h => h.StartsWith("Multiply-adds", StringComparison.Ordinal));
            int parameters = Array.FindIndex(header, h => h.StartsWith("Parameters", StringComparison.Ordinal));
            if (spec < 0 || macs < 0 || parameters < 0 || cells.Length != header.Length || cells[spec].StartsWith('-')) continue;
            rows[cells[spec]] = new Row(cells[spec],
                double.Parse(cells[macs].Replace(" M", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture),
                long.Parse(cells[parameters], NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        }
        return rows;
    }
}
