using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Guidelines;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Planning;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Cli.Specs;

/// <summary>
/// A spec file through the generator's own stages — parse, lower, plan, guidelines — as the build runs them, so the tool
/// reports the build's SNG diagnostics, located the same way. <see cref="Plan"/> is null when any is an error.
/// </summary>
internal sealed record SpecPipeline(string Path, ModelSpec? Spec, LayerGraph? Graph, ExecutionPlan? Plan, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    public static SpecPipeline Run(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        SpecParseResult parsed = SpecParser.Parse(full, File.ReadAllText(full));
        var found = new List<DiagnosticInfo>(parsed.Diagnostics);
        LayerGraph? graph = null;
        ExecutionPlan? plan = null;
        if (parsed.Spec is not null)
        {
            LoweringResult lowered = ModelLowering.Lower(parsed.Spec);
            found.AddRange(lowered.Diagnostics);
            graph = lowered.Graph;
            if (graph is not null)
            {
                (plan, var planned) = Planner.Plan(graph);
                found.AddRange(planned);
                if (plan is not null) found.AddRange(GuidelineCheck.Check(graph, plan));
            }
        }
        return new SpecPipeline(full, parsed.Spec, graph, plan, found.Select(d => d.ToDiagnostic()).ToList());
    }
}
