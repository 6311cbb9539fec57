using System.Collections.Generic;
using System.Globalization;
using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>One column of a family's stage table, as its paper's table heads it; every row must give it.</summary>
internal sealed record StageColumn(int Index, string Name, IntRange Range, int Example);

/// <summary>
/// A family's stage-row schema: the columns of its paper's table (ShuffleNet: repeats, channels; MobileNet V2's Table 2:
/// t, c, n, s) and how many rows a spec may have.
/// </summary>
internal sealed class StageTable
{
    public StageTable(IntRange rows, params StageColumn[] columns)
    {
        Rows = rows;
        Columns = columns;
        for (int i = 0; i < columns.Length; i++)
        {
            if (columns[i].Index != i) throw new System.ArgumentException($"Column '{columns[i].Name}' has index {columns[i].Index}, not {i}.");
        }
    }

    public IntRange Rows { get; }
    public IReadOnlyList<StageColumn> Columns { get; }

    public string[] ColumnNames
    {
        get
        {
            var names = new string[Columns.Count];
            for (int i = 0; i < names.Length; i++) names[i] = Columns[i].Name;
            return names;
        }
    }

    /// <summary>A row with every column's example value, as a spec writes it: <c>{ repeats: 4, channels: 116 }</c>.</summary>
    public string ExampleRow
    {
        get
        {
            var parts = new string[Columns.Count];
            for (int i = 0; i < parts.Length; i++) parts[i] = Columns[i].Name + ": " + Columns[i].Example.ToString(CultureInfo.InvariantCulture);
            return "{ " + string.Join(", ", parts) + " }";
        }
    }
}

/// <summary>One row of a stage table: a value per column of the family's <see cref="StageTable"/>, before the width scale.</summary>
internal sealed record StageRow(ImmutableEquatableArray<int> Values)
{
    public int this[StageColumn column] => Values[column.Index];

    public static StageRow Of(params int[] values) => new(values.ToImmutableEquatableArray());
}
