using System;
using System.Collections.Generic;
using System.Linq;
using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Generator.Planning;

/// <summary>The rows of <c>ModelInfo.Layers</c>: one per module of the reference network, with its shapes, cost and parameters.</summary>
internal static class LayerRows
{
    public static IEnumerable<LayerRow> For(LayerGraph graph, IReadOnlyDictionary<string, TensorShape> shapes)
    {
        foreach (LayerOp op in graph.Ops)
        {
            string inShape = string.Join(" + ", op.Inputs.Select(t => shapes[t].ToString()));
            string outShape = string.Join(" + ", op.Outputs.Select(t => shapes[t].ToString()));
            long parameters = op.Weights.Where(w => w.Role == WeightRole.Parameter).Sum(w => w.Elements);
            yield return new LayerRow(op.Name, op.Description, inShape, outShape, op.MultiplyAdds, parameters);
        }
    }
}
