using System;
using System.Collections.Generic;
using System.Linq;
using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Reference;

/// <summary>
/// The variance gain of each convolution's random weights, N(0, gain / fan_in), chosen from the graph so that random
/// BatchNorm statistics (which do not renormalise) still leave activations O(1) after dozens of layers:
/// 2 when the input is rectified (He: a ReLU halved its second moment), 1 otherwise (LeCun), and a further
/// <see cref="ResidualBranch"/> when the conv ends a residual branch (Fixup's habit: each ResNet-style add, as in V1's
/// stride-1 units, would otherwise multiply the second moment by about three).
/// </summary>
internal static class ConvolutionGains
{
    /// <summary>A branch adds about a quarter of the identity path's second moment: 13 V1 units grow it ~18x, not 3^13.</summary>
    public const double ResidualBranch = 0.125;

    public static Dictionary<string, double> For(LayerGraph graph)
    {
        HashSet<string> rectified = RectifiedTensors(graph);
        HashSet<string> addOperands = new(graph.Ops.OfType<AddOp>().SelectMany(a => new[] { a.A, a.B }), StringComparer.Ordinal);
        Dictionary<string, LayerOp> consumerOf = SoleConsumers(graph);
        var gains = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Conv2dOp conv in graph.Ops.OfType<Conv2dOp>())
        {
            double gain = rectified.Contains(conv.Input) ? 2.0 : 1.0;
            // Follow the conv's output through BatchNorms: if it lands in an add, the conv ends a residual branch.
            string tensor = conv.Out;
            while (consumerOf.TryGetValue(tensor, out LayerOp? next) && next is BatchNormOp bn) tensor = bn.Out;
            if (addOperands.Contains(tensor)) gain *= ResidualBranch;
            gains[conv.Name] = gain;
        }
        return gains;
    }

    /// <summary>Tensors that hold ReLU outputs, directly or moved, pooled, split or concatenated without any other arithmetic.</summary>
    private static HashSet<string> RectifiedTensors(LayerGraph graph)
    {
        var rectified = new HashSet<string>(StringComparer.Ordinal);
        foreach (LayerOp op in graph.Ops)
        {
            switch (op)
            {
                case ReluOp relu:
                    rectified.Add(relu.Out);
                    break;
                case ChannelSplitOp split when rectified.Contains(split.Input):
                    rectified.Add(split.First);
                    rectified.Add(split.Second);
                    break;
                case MaxPoolOp or AvgPoolOp or GlobalAvgPoolOp or ChannelShuffleOp or ConcatOp when op.Inputs.All(rectified.Contains):
                    rectified.Add(op.Output);
                    break;
            }
        }
        return rectified;
    }

    /// <summary>For each tensor read by exactly one op, that op.</summary>
    private static Dictionary<string, LayerOp> SoleConsumers(LayerGraph graph)
    {
        var readers = new Dictionary<string, List<LayerOp>>(StringComparer.Ordinal);
        foreach (LayerOp op in graph.Ops)
        {
            foreach (string input in op.Inputs)
            {
                if (!readers.TryGetValue(input, out List<LayerOp>? list)) readers[input] = list = new List<LayerOp>();
                list.Add(op);
            }
        }
        return readers.Where(r => r.Value.Count == 1).ToDictionary(r => r.Key, r => r.Value[0], StringComparer.Ordinal);
    }
}
