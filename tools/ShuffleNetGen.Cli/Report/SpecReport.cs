using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ShuffleNetGen.Cli.Specs;
using ShuffleNetGen.Generator.Planning;

namespace ShuffleNetGen.Cli.Report;

/// <summary>What <c>report</c> prints, as one value: the model's totals, its layer rows and the guideline warnings (also its <c>--json</c>).</summary>
internal sealed record SpecReport(
    string Spec, string Name, string Family, long MultiplyAdds, long Parameters, long MemoryAccess, long ArenaBytes,
    IReadOnlyList<SpecReport.Layer> Layers, IReadOnlyList<SpecReport.Warning> Warnings)
{
    public sealed record Layer(string Name, string Kind, string InputShape, string OutputShape, long MultiplyAdds, long Parameters,
        long MemoryAccess, string Kernel, string Fused, int Calls);

    /// <summary>A diagnostic as the build prints it, and its parts; lines and columns are one-based.</summary>
    public sealed record Warning(string Id, int Line, int Column, string Message, string Text);

    public static SpecReport Of(SpecPipeline spec)
    {
        ExecutionPlan plan = spec.Plan!;
        var layers = plan.Layers.Select(r => new Layer(r.Name, r.Kind, r.InputShape, r.OutputShape, r.MultiplyAdds, r.Parameters,
            r.MemoryAccess, r.Kernel, r.Fused, r.Calls)).ToList();
        var warnings = spec.Diagnostics.Select(d =>
        {
            var start = d.Location.GetLineSpan().StartLinePosition;
            return new Warning(d.Id, start.Line + 1, start.Character + 1, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), d.ToString());
        }).ToList();
        return new SpecReport(System.IO.Path.GetFileName(spec.Path), plan.ClassName, plan.Family, plan.MultiplyAdds, plan.Parameters,
            layers.Sum(l => l.MemoryAccess), plan.ArenaFloats * 4L, layers, warnings);
    }
}
