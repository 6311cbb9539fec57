using System.Globalization;
using Spectre.Console;

namespace ShuffleNetGen.Cli.Report;

/// <summary><c>report</c>'s console form: one table row per layer, the totals, then the guideline warnings as the build prints them.</summary>
internal static class LayerTable
{
    public static void Write(IAnsiConsole console, System.IO.TextWriter output, SpecReport report)
    {
        var table = new Table().Border(TableBorder.Simple).Title($"{report.Name} ({report.Family}, {report.Spec})");
        table.AddColumn("layer");
        table.AddColumn("kind");
        table.AddColumn("in -> out");
        table.AddColumn(new TableColumn("multiply-adds").RightAligned());
        table.AddColumn(new TableColumn("parameters").RightAligned());
        table.AddColumn(new TableColumn("memory (floats)").RightAligned());
        table.AddColumn(new TableColumn("calls").RightAligned());
        table.AddColumn("fused");
        foreach (SpecReport.Layer l in report.Layers)
        {
            table.AddRow(Markup.Escape(l.Name), Markup.Escape(l.Kind), Markup.Escape(l.InputShape + " -> " + l.OutputShape), N(l.MultiplyAdds),
                N(l.Parameters), N(l.MemoryAccess), N(l.Calls), Markup.Escape(l.Fused));
        }
        table.AddRow("[bold]total[/]", "", "", "[bold]" + N(report.MultiplyAdds) + "[/]", "[bold]" + N(report.Parameters) + "[/]",
            "[bold]" + N(report.MemoryAccess) + "[/]", "", "");
        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Name}: {report.MultiplyAdds / 1e6:F1} M multiply-adds, {report.Parameters:N0} parameters, {report.MemoryAccess / 1e6:F1} M floats of memory access, {report.ArenaBytes / 1024.0:F0} KiB arena, {report.Layers.Count} layers"));
        if (report.Warnings.Count == 0) console.WriteLine("No guideline warnings.");
        // Unwrapped, exactly as the build prints them, so editors and scripts can read the locations.
        foreach (SpecReport.Warning w in report.Warnings) output.WriteLine(w.Text);
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
