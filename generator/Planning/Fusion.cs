using System;
using System.Collections.Generic;
using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Generator.Planning;

/// <summary>
/// Fuse, the planner's first job. By property, not position (XNNPACK's <c>xnn_subgraph_fusion</c>): a conv absorbs what
/// follows its output wherever that is legal — a BatchNorm, then a residual add whose other operand is already computed,
/// then an activation — each only when it is the sole reader of the tensor before it. What stays unabsorbed and has no
/// kernel of its own (a BatchNorm after a pool, an add after an activation) is an error at its spec key.
/// </summary>
internal sealed class Fusion
{
    private readonly LayerGraph _graph;
    private readonly Dictionary<string, List<int>> _readers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _producedAt = new(StringComparer.Ordinal);
    private readonly int[] _position;

    private Fusion(LayerGraph graph)
    {
        _graph = graph;
        _position = new int[graph.Ops.Count];
        for (int i = 0; i < graph.Ops.Count; i++)
        {
            _position[i] = -1;
            foreach (string input in graph.Ops[i].Inputs) Readers(input).Add(i);
        }
    }

    /// <summary>The fused layers in run order, and for every op index the position of the layer that covers it.</summary>
    public static (List<FusedLayer> Layers, int[] Positions) Fuse(LayerGraph graph)
    {
        var fusion = new Fusion(graph);
        return (fusion.Run(), fusion._position);
    }

    private List<int> Readers(string tensor)
    {
        if (!_readers.TryGetValue(tensor, out List<int>? list))
        {
            list = new List<int>();
            _readers[tensor] = list;
        }
        return list;
    }

    private List<FusedLayer> Run()
    {
        var layers = new List<FusedLayer>();
        _producedAt[_graph.InputTensor] = -1;
        for (int i = 0; i < _graph.Ops.Count; i++)
        {
            if (_position[i] >= 0) continue;
            LayerOp op = _graph.Ops[i];
            if (op.Accept(EpiloguePart.Instance) is not null)
            {
                throw new PlanningException(op, $"'{op.Name}' ({op.Description} {op.OutputShape}) has no kernel of its own and follows no convolution whose store could absorb it.");
            }
            var layer = new FusedLayer(i, op);
            _position[i] = i;
            if (op.Accept(AbsorbsEpilogue.Instance)) Absorb(layer);
            foreach (string output in _graph.Ops[i].Outputs) _producedAt[output] = i;
            _producedAt[layer.Output] = i;
            layers.Add(layer);
        }
        return layers;
    }

    /// <summary>BatchNorm, then residual add, then activation: the order a store applies them in (bias, + destination, clamp).</summary>
    private void Absorb(FusedLayer layer)
    {
        int stage = 0;
        while (SoleReader(layer.Output) is int next)
        {
            LayerOp op = _graph.Ops[next];
            Part? part = op.Accept(EpiloguePart.Instance);
            if (part is null) break;
            if (part.BatchNorm is not null && stage < 1)
            {
                layer.BatchNorm = part.BatchNorm;
                stage = 1;
            }
            else if (part.Add is not null && stage < 2 && IsComputedBefore(part.Add.Other(layer.Output), layer.Position))
            {
                layer.Residual = part.Add.Other(layer.Output);
                stage = 2;
            }
            else if (part.Activation is not null && stage < 3)
            {
                layer.Activation = part.Activation.Kind;
                stage = 3;
            }
            else
            {
                break;
            }
            _position[next] = layer.Position;
            layer.Output = op.Output;
            layer.Modules.Add(op.Name);
        }
    }

    private int? SoleReader(string tensor) =>
        tensor != _graph.OutputTensor && _readers.TryGetValue(tensor, out List<int>? readers) && readers.Count == 1 ? readers[0] : null;

    private bool IsComputedBefore(string tensor, int position) => _producedAt.TryGetValue(tensor, out int at) && at < position;

    /// <summary>An op a store can apply: exactly one of the three is set.</summary>
    private sealed record Part(BatchNormOp? BatchNorm, AddOp? Add, ActivationOp? Activation);

    /// <summary>The ops that exist only as a producer's epilogue (no kernel computes them alone).</summary>
    private sealed class EpiloguePart : ILayerOpVisitor<Part?>
    {
        public static readonly EpiloguePart Instance = new();

        public Part? Visit(BatchNormOp op) => new(op, null, null);
        public Part? Visit(AddOp op) => new(null, op, null);
        public Part? Visit(ActivationOp op) => new(null, null, op);
        public Part? Visit(Conv2dOp op) => null;
        public Part? Visit(MaxPoolOp op) => null;
        public Part? Visit(AvgPoolOp op) => null;
        public Part? Visit(GlobalAvgPoolOp op) => null;
        public Part? Visit(ChannelSplitOp op) => null;
        public Part? Visit(ConcatOp op) => null;
        public Part? Visit(ChannelShuffleOp op) => null;
        public Part? Visit(LinearOp op) => null;
        public Part? Visit(ChannelScaleOp op) => null;
    }

    /// <summary>
    /// Whether an anchor's store can take an epilogue: a convolution's can (its bias is where BatchNorm folds), and a linear
    /// layer's activation (MobileNet V3's classifier.0 + Hardswish; a BatchNorm after it is refused where its step is built).
    /// </summary>
    private sealed class AbsorbsEpilogue : ILayerOpVisitor<bool>
    {
        public static readonly AbsorbsEpilogue Instance = new();

        public bool Visit(Conv2dOp op) => true;
        public bool Visit(BatchNormOp op) => false;
        public bool Visit(AddOp op) => false;
        public bool Visit(ActivationOp op) => false;
        public bool Visit(MaxPoolOp op) => false;
        public bool Visit(AvgPoolOp op) => false;
        public bool Visit(GlobalAvgPoolOp op) => false;
        public bool Visit(ChannelSplitOp op) => false;
        public bool Visit(ConcatOp op) => false;
        public bool Visit(ChannelShuffleOp op) => false;
        public bool Visit(LinearOp op) => true;
        public bool Visit(ChannelScaleOp op) => false;
    }
}
