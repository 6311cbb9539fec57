using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Lowering;

/// <summary>A family's lowering of a spec: the graph, or the diagnostics that say why the stage table doesn't fit.</summary>
internal sealed record LoweringResult(LayerGraph? Graph, ImmutableEquatableArray<DiagnosticInfo> Diagnostics)
{
    public static LoweringResult Success(LayerGraph graph) => new(graph, ImmutableEquatableArray<DiagnosticInfo>.Empty);
}
