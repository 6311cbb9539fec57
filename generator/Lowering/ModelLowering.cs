using System;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Lowering;

/// <summary>
/// Runs a spec's family checks and lowering (<see cref="ModelFamily"/>). The reader has run the checks already for a parsed
/// spec; they run again here for specs built in code. Never throws: a failure becomes an SNG0099 diagnostic.
/// </summary>
internal static class ModelLowering
{
    public static LoweringResult Lower(ModelSpec spec)
    {
        try
        {
            var found = new FamilyDiagnostics(spec.Locate);
            spec.Family.Check(spec.Architecture, found);
            if (found.Found.Count > 0) return new LoweringResult(null, found.Found.ToImmutableEquatableArray());
            LoweringResult result = spec.Family.Lower(spec);
            if (result.Graph is null) return result;
            LoweringResult sized = CheckSizes(result.Graph);
            return sized.Graph is null ? sized : CheckFeatures(sized.Graph);
        }
        catch (Exception ex)
        {
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, spec.Locate("family"), ex.GetType().Name + ": " + ex.Message);
            return new LoweringResult(null, new[] { diagnostic }.ToImmutableEquatableArray());
        }
    }

    /// <summary>Largest activation or weight tensor, in floats (256 MB): every arena offset and weight offset stays an int.</summary>
    public const long MaxTensorFloats = 1L << 26;

    /// <summary>Largest total of weights, in floats (1 GB).</summary>
    public const long MaxWeightFloats = 1L << 28;

    /// <summary>
    /// Every size in the schema is in range on its own, but together they can ask for tensors no arena can hold
    /// (4096x4096 input with 16384 channels). Those are rejected here, at the key that drives them.
    /// </summary>
    private static LoweringResult CheckSizes(Graph.LayerGraph graph)
    {
        var diagnostics = new System.Collections.Generic.List<DiagnosticInfo>();
        foreach (Graph.LayerOp op in graph.Ops)
        {
            if (op.OutputShape.Elements > MaxTensorFloats)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelTooLarge, graph.Spec.Locate("input"),
                    $"The output of '{op.Name}' ({op.OutputShape})", Count(op.OutputShape.Elements), Count(MaxTensorFloats)));
                break;
            }
        }
        long total = 0;
        foreach (Graph.WeightTensor weight in graph.Weights)
        {
            total += weight.Elements;
            if (weight.Elements > MaxTensorFloats)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelTooLarge, graph.Spec.Locate("stages"),
                    $"The weight '{weight.Key}'", Count(weight.Elements), Count(MaxTensorFloats)));
                break;
            }
        }
        if (diagnostics.Count == 0 && total > MaxWeightFloats)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelTooLarge, graph.Spec.Locate("stages"),
                "All weights together", Count(total), Count(MaxWeightFloats)));
        }
        return diagnostics.Count == 0 ? LoweringResult.Success(graph) : new LoweringResult(null, diagnostics.ToImmutableEquatableArray());
    }

    /// <summary>Every name in the spec's <c>features:</c> must be a feature point of the lowered graph (SNG0020 at the name).</summary>
    private static LoweringResult CheckFeatures(Graph.LayerGraph graph)
    {
        var diagnostics = new System.Collections.Generic.List<DiagnosticInfo>();
        var known = new System.Collections.Generic.List<string>();
        foreach (Graph.FeaturePoint point in graph.FeaturePoints) known.Add(point.Name);
        for (int i = 0; i < graph.Spec.Features.Count; i++)
        {
            string name = graph.Spec.Features[i];
            if (known.Contains(name)) continue;
            string path = "features[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
            string reason = known.Count == 0
                ? graph.Spec.Family.Name + " names no feature outputs"
                : "this " + graph.Spec.Family.Name + " model's feature outputs are " + string.Join(", ", known);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownFeature, graph.Spec.Locate(path), path, name, reason));
        }
        return diagnostics.Count == 0 ? LoweringResult.Success(graph) : new LoweringResult(null, diagnostics.ToImmutableEquatableArray());
    }

    private static string Count(long floats) => floats.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
