using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using ShuffleNetGen.Generator.Emit;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Guidelines;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Planning;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator;

/// <summary>
/// The incremental pipeline: each <c>*.model.yaml</c> AdditionalFile → <see cref="ModelSpec"/> → <see cref="LayerGraph"/>
/// → <see cref="ExecutionPlan"/> → one class. Every stage is a pure function producing an equatable value, so editing a
/// <c>.cs</c> file re-runs nothing and editing one spec regenerates only its class. Diagnostics are a separate output.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ModelGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline's steps (for incremental-caching tests).</summary>
    public static class StepNames
    {
        public const string Parse = nameof(Parse);
        public const string Lower = nameof(Lower);
        public const string Plan = nameof(Plan);
        public const string Names = nameof(Names);
        public const string Emit = nameof(Emit);
    }

    public const string SpecSuffix = ".model.yaml";

    /// <summary>The extension users write by habit; such a file is not read, and SNG0017 says so.</summary>
    public const string MisnamedSpecSuffix = ".model.yml";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<SpecParseResult> parsed = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(SpecSuffix, StringComparison.OrdinalIgnoreCase))
            .Select(static (file, ct) => SpecParser.Parse(file.Path, file.GetText(ct)?.ToString() ?? string.Empty))
            .WithTrackingName(StepNames.Parse);

        IncrementalValuesProvider<DiagnosticInfo> misnamed = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(MisnamedSpecSuffix, StringComparison.OrdinalIgnoreCase))
            .Select(static (file, _) => MisnamedSpec(file.Path));

        IncrementalValuesProvider<LoweredSpec> lowered = parsed
            .Select(static (result, _) => LowerSpec(result))
            .WithTrackingName(StepNames.Lower);

        IncrementalValuesProvider<PlannedSpec> planned = lowered
            .Select(static (spec, _) => PlanSpec(spec))
            .WithTrackingName(StepNames.Plan);

        IncrementalValueProvider<NameClashes> clashes = parsed
            .Select(static (result, _) => ShellOf(result) is { } shell ? new SpecName(shell.ClassName, shell.FilePath, shell.NameLocation) : null)
            .Where(static name => name is not null)
            .Collect()
            .Select(static (names, _) => FindClashes(names!))
            .WithTrackingName(StepNames.Names);

        IncrementalValueProvider<string?> rootNamespace = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property.RootNamespace", out string? ns) && !string.IsNullOrWhiteSpace(ns) ? ns : null);

        // Text files a spec's `labels:` may name; read only when a spec is emitted, compared by content.
        IncrementalValueProvider<ImmutableEquatableArray<AdditionalTextFile>> textFiles = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(LabelsFile.Extension, StringComparison.OrdinalIgnoreCase))
            .Select(static (file, ct) => new AdditionalTextFile(file.Path, file.GetText(ct)?.ToString() ?? string.Empty))
            .Collect()
            .Select(static (files, _) => files.ToImmutableEquatableArray());

        IncrementalValuesProvider<GeneratedModel> emitted = planned
            .Combine(rootNamespace)
            .Combine(clashes)
            .Combine(textFiles)
            .Select(static (input, ct) => EmitSpec(input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right, ct))
            .WithTrackingName(StepNames.Emit);

        // Collected so that a spec file listed twice in AdditionalFiles (the package's glob plus an explicit item) is added once:
        // two AddSource calls with one hint name would fail the whole generator (CS8785). Each model's text is still cached above.
        context.RegisterSourceOutput(emitted.Collect(), static (spc, models) =>
        {
            var added = new HashSet<string>(StringComparer.Ordinal);
            foreach (GeneratedModel model in models)
            {
                if (model.Source is not null && added.Add(model.HintName)) spc.AddSource(model.HintName, model.Source);
                if (model.Failure is not null) spc.ReportDiagnostic(model.Failure.ToDiagnostic());
            }
        });
        // Collected for the same reason: a spec file listed twice would otherwise report each of its diagnostics twice.
        context.RegisterSourceOutput(planned.Select(static (spec, _) => spec.Diagnostics).Collect(), static (spc, perSpec) =>
        {
            var reported = new HashSet<DiagnosticInfo>();
            foreach (ImmutableEquatableArray<DiagnosticInfo> diagnostics in perSpec)
            {
                foreach (DiagnosticInfo diagnostic in diagnostics)
                {
                    if (reported.Add(diagnostic)) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
                }
            }
        });
        context.RegisterSourceOutput(misnamed, static (spc, diagnostic) => spc.ReportDiagnostic(diagnostic.ToDiagnostic()));
        context.RegisterSourceOutput(clashes, static (spc, found) =>
        {
            foreach (DiagnosticInfo diagnostic in found.Diagnostics) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }

    private static DiagnosticInfo MisnamedSpec(string path)
    {
        string name = System.IO.Path.GetFileName(path);
        return DiagnosticInfo.Create(DiagnosticDescriptors.WrongSpecExtension, LocationInfo.FileStart(path),
            name, name.Substring(0, name.Length - MisnamedSpecSuffix.Length) + SpecSuffix);
    }

    /// <summary>The class a spec generates, known even when the spec has errors as long as its name was read.</summary>
    private static ModelShell? ShellOf(SpecParseResult parsed) => parsed.Spec is null ? parsed.Shell : ModelShell.Of(parsed.Spec);

    private static LoweredSpec LowerSpec(SpecParseResult parsed)
    {
        if (parsed.Spec is null) return new LoweredSpec(null, parsed.Diagnostics, parsed.Shell);
        LoweringResult result = ModelLowering.Lower(parsed.Spec);
        return new LoweredSpec(result.Graph, parsed.Diagnostics.Concat(result.Diagnostics).ToImmutableEquatableArray(), ShellOf(parsed));
    }

    private static PlannedSpec PlanSpec(LoweredSpec lowered)
    {
        if (lowered.Graph is null) return new PlannedSpec(null, lowered.Diagnostics, lowered.Shell);
        (ExecutionPlan? plan, ImmutableEquatableArray<DiagnosticInfo> diagnostics) = Planner.Plan(lowered.Graph);
        IEnumerable<DiagnosticInfo> guidelines = plan is null ? Enumerable.Empty<DiagnosticInfo>() : CheckGuidelines(lowered.Graph, plan);
        return new PlannedSpec(plan, lowered.Diagnostics.Concat(diagnostics).Concat(guidelines).ToImmutableEquatableArray(), plan is null ? lowered.Shell : null);
    }

    /// <summary>The guideline warnings; a failure among them is SNG0099, never a generator crash.</summary>
    private static IEnumerable<DiagnosticInfo> CheckGuidelines(LayerGraph graph, ExecutionPlan plan)
    {
        try
        {
            return GuidelineCheck.Check(graph, plan).ToList();
        }
        catch (Exception ex)
        {
            return new[] { DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, graph.Spec.Locate("family"), "checking the guidelines failed: " + ex.Message) };
        }
    }

    private static NameClashes FindClashes(ImmutableArray<SpecName> names)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var clashing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (IGrouping<string, SpecName> group in names.GroupBy(n => n.ClassName, StringComparer.Ordinal))
        {
            // The same file listed twice in AdditionalFiles (the package's glob plus an explicit item) is one spec, not a clash.
            List<SpecName> specs = group.GroupBy(n => n.FilePath, StringComparer.Ordinal).Select(g => g.First())
                .OrderBy(n => n.FilePath, StringComparer.Ordinal).ToList();
            if (specs.Count < 2) continue;
            clashing.Add(group.Key);
            foreach (SpecName spec in specs)
            {
                SpecName other = specs.First(s => !ReferenceEquals(s, spec));
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateName, spec.Location, spec.ClassName, other.FilePath));
            }
        }
        return new NameClashes(clashing.ToImmutableEquatableArray(), diagnostics.ToImmutableEquatableArray());
    }

    private static GeneratedModel EmitSpec(PlannedSpec planned, string? rootNamespace, NameClashes clashes,
        ImmutableEquatableArray<AdditionalTextFile> textFiles, CancellationToken ct)
    {
        ExecutionPlan? plan = planned.Plan;
        if (plan is null)
        {
            // A spec with errors still gets its class's public shell, so the user's code adds no CS0103 to the SNG errors.
            ModelShell? shell = planned.Shell;
            return shell is null || clashes.ClassNames.Contains(shell.ClassName)
                ? new GeneratedModel(string.Empty, null, null)
                : new GeneratedModel(ModelShellEmitter.HintName(shell), ModelShellEmitter.Emit(shell, rootNamespace), null);
        }
        if (clashes.ClassNames.Contains(plan.ClassName)) return new GeneratedModel(string.Empty, null, null);
        ct.ThrowIfCancellationRequested();
        try
        {
            // A labels file that is missing or does not fit is reported; the class is still emitted (with numbered labels), so
            // the user's code adds no errors of its own beside SNG0019.
            IReadOnlyList<string>? labels = LabelsFile.Resolve(plan, textFiles, out DiagnosticInfo? labelsProblem);
            return new GeneratedModel(ModelEmitter.HintName(plan), ModelEmitter.Emit(plan, rootNamespace, labels), labelsProblem);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var failure = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.FileStart(plan.SpecFileName),
                "emitting failed: " + ex.Message);
            return new GeneratedModel(string.Empty, null, failure);
        }
    }

    /// <summary>Shell: the class's public members, emitted in place of the class when lowering or planning fails.</summary>
    private sealed record LoweredSpec(LayerGraph? Graph, ImmutableEquatableArray<DiagnosticInfo> Diagnostics, ModelShell? Shell);

    private sealed record PlannedSpec(ExecutionPlan? Plan, ImmutableEquatableArray<DiagnosticInfo> Diagnostics, ModelShell? Shell);

    private sealed record SpecName(string ClassName, string FilePath, LocationInfo Location);

    private sealed record NameClashes(ImmutableEquatableArray<string> ClassNames, ImmutableEquatableArray<DiagnosticInfo> Diagnostics);

    private sealed record GeneratedModel(string HintName, string? Source, DiagnosticInfo? Failure);
}
