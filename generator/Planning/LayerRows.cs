using System.Collections.Generic;
using System.Linq;
using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Generator.Planning;

/// <summary>
/// The rows of <c>ModelInfo.Layers</c>: one per fused layer in run order, with its shapes, cost, parameters and what its store
/// absorbed. Memory access is what the step's kernel reads and writes (ShuffleNet V2's MAC, in floats): relabelling layers
/// move nothing, a fused residual add reads its destination once more, a folded BatchNorm leaves a bias to read.
/// </summary>
internal static class LayerRows
{
    public static LayerRow For(FusedLayer layer, KernelRow? kernel, int calls, LayerGraph graph, IReadOnlyDictionary<string, TensorShape> shapes)
    {
        LayerOp anchor = layer.Anchor;
        string inShape = string.Join(" + ", anchor.Inputs.Select(t => shapes[t].ToString()));
        string outShape = string.Join(" + ", anchor.Outputs.Select(t => shapes[t].ToString()));
        var absorbed = layer.Modules.Skip(1).Select(name => graph.Ops.First(op => op.Name == name)).ToList();
        long parameters = new[] { anchor }.Concat(absorbed).SelectMany(op => op.Weights).Where(w => w.Role == WeightRole.Parameter).Sum(w => w.Elements);
        string fused = string.Join(", ", absorbed.Select(op => op.Description + " " + op.Name));
        return new LayerRow(anchor.Name, anchor.Description, inShape, outShape, anchor.MultiplyAdds, parameters,
            kernel is null ? 0 : MemoryAccess(layer, shapes), kernel?.Name ?? "", fused, calls);
    }

    private static long MemoryAccess(FusedLayer layer, IReadOnlyDictionary<string, TensorShape> shapes)
    {
        long floats = layer.Anchor.MemoryAccess;
        bool hasBias = layer.Anchor.Weights.Any(w => w.Shape.Count == 1);
        if (layer.BatchNorm is not null && !hasBias) floats += layer.BatchNorm.Shape.Channels;
        if (layer.Residual is not null) floats += shapes[layer.Residual].Elements;
        return floats;
    }
}
