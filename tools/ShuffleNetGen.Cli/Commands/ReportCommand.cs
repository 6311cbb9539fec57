using System.CommandLine;
using System.IO;
using System.Text.Json;
using ShuffleNetGen.Cli.Report;
using ShuffleNetGen.Cli.Specs;
using Spectre.Console;

namespace ShuffleNetGen.Cli.Commands;

/// <summary><c>report SPEC [--json]</c>: the layer table, totals and guideline warnings, from the spec alone.</summary>
internal static class ReportCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create(TextWriter output, TextWriter error)
    {
        Argument<FileInfo> spec = SpecArgument.Create();
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (totals, layers, warnings) instead of a table." };
        var command = new Command("report", "What each layer of a spec costs: shapes, multiply-adds, parameters, memory access, fusion; totals; guideline warnings.")
        {
            spec, json,
        };
        command.SetAction(parsed =>
        {
            SpecPipeline? pipeline = Diagnostics.Read(parsed.GetValue(spec)!, error);
            if (pipeline is null) return Diagnostics.Failed;
            SpecReport report = SpecReport.Of(pipeline);
            if (parsed.GetValue(json)) output.WriteLine(JsonSerializer.Serialize(report, Json));
            else LayerTable.Write(Consoles.Over(output), output, report);
            return 0;
        });
        return command;
    }
}
