using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.Text;
using ShuffleNetGen.Generator.Emit;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Planning;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Tests.Fuzz;

/// <summary>What the pure pipeline made of one input: the emitted source (accepted) or the diagnostics (rejected), and any broken rule.</summary>
internal sealed record ProbeResult(string? Source, IReadOnlyList<DiagnosticInfo> Diagnostics, string? Problem);

/// <summary>
/// Runs SpecParser → ModelLowering → Planner → ModelEmitter on one text, as the generator does, and checks the contract
/// (DESIGN.md 4): nothing throws; a rejected spec has at least one diagnostic, none of them SNG0099 (an internal crash), each
/// in this file on a line the file has; an accepted spec has no diagnostic and a plan whose regions fit its arena and weights.
/// </summary>
internal static class PipelineProbe
{
    public const string Namespace = "Fuzz.Models";

    public static ProbeResult Run(string path, string text)
    {
        var diagnostics = new List<DiagnosticInfo>();
        string? source = null;
        try
        {
            SpecParseResult parsed = SpecParser.Parse(path, text);
            diagnostics.AddRange(parsed.Diagnostics);
            if (parsed.Spec is not null)
            {
                LoweringResult lowered = ModelLowering.Lower(parsed.Spec);
                diagnostics.AddRange(lowered.Diagnostics);
                if (lowered.Graph is not null)
                {
                    (ExecutionPlan? plan, ImmutableEquatableArray<DiagnosticInfo> planned) = Planner.Plan(lowered.Graph);
                    diagnostics.AddRange(planned);
                    if (plan is not null)
                    {
                        string? broken = PlanInvariants.Check(plan);
                        if (broken is not null) return new ProbeResult(null, diagnostics, "accepted with an inconsistent plan: " + broken);
                        source = ModelEmitter.Emit(plan, Namespace);
                    }
                }
            }
        }
        catch (Exception ex)
        {
            return new ProbeResult(null, diagnostics, "threw " + ex.GetType().Name + ": " + ex.Message);
        }
        return new ProbeResult(source, diagnostics, CheckDiagnostics(path, text, source, diagnostics));
    }

    private static string? CheckDiagnostics(string path, string text, string? source, List<DiagnosticInfo> diagnostics)
    {
        if (source is not null) return diagnostics.Count == 0 ? null : "accepted, yet reported " + Describe(diagnostics);
        if (diagnostics.Count == 0) return "rejected without a diagnostic";
        int lines = SourceText.From(text).Lines.Count;
        foreach (DiagnosticInfo d in diagnostics)
        {
            if (d.Id == DiagnosticDescriptors.InternalError.Id) return "internal error " + Describe(new[] { d });
            LocationInfo at = d.Location;
            if (at.FilePath != path) return $"{d.Id} located in '{at.FilePath}', not the spec";
            if (at.LineSpan.Start.Line < 0 || at.LineSpan.End.Line >= lines || at.Span.End > text.Length)
            {
                return $"{d.Id} located at line {at.LineSpan.Start.Line}..{at.LineSpan.End.Line}, span end {at.Span.End}, in a file of {lines} lines and {text.Length} characters";
            }
        }
        return null;
    }

    public static string Describe(IEnumerable<DiagnosticInfo> diagnostics) => string.Join(", ", diagnostics.Take(5).Select(d =>
        $"{d.Id}@{d.Location.LineSpan.Start.Line}:{d.Location.LineSpan.Start.Character} {Shorten(string.Join(" | ", d.MessageArgs))}"));

    private static string Shorten(string text) => text.Length <= 160 ? text : text.Substring(0, 160) + "…";
}
