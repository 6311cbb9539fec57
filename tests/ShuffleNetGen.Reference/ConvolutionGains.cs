using System;
using System.Collections.Generic;
using System.Linq;
using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Reference;

/// <summary>
/// The variance gain of each convolution's random weights, N(0, gain / fan_in), chosen from the graph so that random
/// BatchNorm statistics (which do not renormalise) still leave activations O(1) after dozens of layers:
/// 2 when the input is rectified (He: a ReLU halved its second moment), 3 after a hardswish (x · relu6(x + 3) / 6 keeps
/// about a third of a unit normal's), times 4 after a squeeze-and-excitation's channel scale (gates near 1/2),
/// 1 otherwise (LeCun), and a further
/// <see cref="ResidualBranch"/> when the conv ends a residual branch (Fixup's habit: each ResNet-style add, as in V1's
/// stride-1 units, would otherwise multiply the second moment by about three).
/// </summary>
internal static class ConvolutionGains
{
    /// <summary>A branch adds about a quarter of the identity path's second moment: 13 V1 units grow it ~18x, not 3^13.</summary>
    public const double ResidualBranch = 0.125;

    public static Dictionary<string, double> For(LayerGraph graph)
    {
        var flow = new Flow();
        foreach (LayerOp op in graph.Ops) op.Accept(flow);
        Dictionary<string, LayerOp> consumerOf = SoleConsumers(graph);
        var gains = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Conv2dOp conv in flow.Convolutions)
        {
            double gain = flow.Rectified.TryGetValue(conv.Input, out double inputGain) ? inputGain : 1.0;
            // Follow the conv's output through BatchNorms: if it lands in an add, the conv ends a residual branch.
            string tensor = conv.Out;
            while (consumerOf.TryGetValue(tensor, out LayerOp? next) && flow.BatchNormOutputs.TryGetValue(next.Name, out string? normalized)) tensor = normalized;
            if (flow.AddOperands.Contains(tensor)) gain *= ResidualBranch;
            gains[conv.Name] = gain;
        }
        return gains;
    }

    /// <summary>
    /// One pass over the graph: the convolutions, the BatchNorms' outputs, the adds' operands, and the tensors that hold
    /// activation outputs, directly or moved, pooled, split or concatenated without any other arithmetic.
    /// </summary>
    private sealed class Flow : ILayerOpVisitor<bool>
    {
        public List<Conv2dOp> Convolutions { get; } = new();
        public Dictionary<string, string> BatchNormOutputs { get; } = new(StringComparer.Ordinal);
        public HashSet<string> AddOperands { get; } = new(StringComparer.Ordinal);
        /// <summary>The tensors that hold activation outputs, each with the gain a conv reading it takes.</summary>
        public Dictionary<string, double> Rectified { get; } = new(StringComparer.Ordinal);

        public bool Visit(Conv2dOp op)
        {
            Convolutions.Add(op);
            return true;
        }

        public bool Visit(BatchNormOp op)
        {
            BatchNormOutputs[op.Name] = op.Out;
            return true;
        }

        public bool Visit(ActivationOp op) => op.Kind == ActivationKind.Identity ? Carry(op) : Rectified.TryAdd(op.Out, op.Kind == ActivationKind.HardSwish ? 3.0 : 2.0);
        public bool Visit(MaxPoolOp op) => Carry(op);
        public bool Visit(AvgPoolOp op) => Carry(op);
        public bool Visit(GlobalAvgPoolOp op) => Carry(op);
        public bool Visit(ChannelSplitOp op) => Carry(op);
        public bool Visit(ConcatOp op) => Carry(op);
        public bool Visit(ChannelShuffleOp op) => Carry(op);

        public bool Visit(AddOp op)
        {
            AddOperands.Add(op.A);
            AddOperands.Add(op.B);
            return true;
        }

        public bool Visit(LinearOp op) => true;

        /// <summary>Gates in [0, 1], near 1/2 at random weights: a quarter of the input's second moment is left.</summary>
        public bool Visit(ChannelScaleOp op) => Rectified.TryGetValue(op.Input, out double gain) && Rectified.TryAdd(op.Out, 4 * gain);

        /// <summary>An op that only moves or averages values keeps them rectified.</summary>
        private bool Carry(LayerOp op)
        {
            if (!op.Inputs.All(Rectified.ContainsKey)) return false;
            double gain = op.Inputs.Min(input => Rectified[input]);
            foreach (string output in op.Outputs) Rectified[output] = gain;
            return true;
        }
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
