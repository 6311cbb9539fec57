using System;
using System.Collections.Generic;
using System.Linq;
using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Generator.Planning;

/// <summary>
/// Place, the planner's third job: which physical plane of which buffer holds each logical channel of each tensor. Split,
/// concat and shuffle only relabel planes; each concat's producers write straight into its planes (reusing planes of dead
/// tensors, so V2's identity half never moves); a residual store updates its shortcut in place. Times are layer positions
/// (the anchor's op index), so an op absorbed into a layer reads when the layer runs.
/// </summary>
internal sealed class ChannelPlacer
{
    private readonly LayerGraph _graph;
    private readonly Dictionary<string, TensorShape> _shapes;
    private readonly Dictionary<string, List<int>> _readers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChannelPlacement> _placements = new(StringComparer.Ordinal);
    private readonly Dictionary<PlaneBuffer, List<string>> _tensorsOn = new();
    private readonly Dictionary<string, int> _lastUse = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConcatOp> _concatOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConcatTarget> _concatTargets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> _preferred = new(StringComparer.Ordinal);
    private readonly List<PlaneBuffer> _buffers = new();

    private sealed class ConcatTarget
    {
        public PlaneBuffer? Buffer;
        public bool Fresh;
        public readonly HashSet<int> Reserved = new();
    }

    public ChannelPlacer(LayerGraph graph, int[] positions, Dictionary<string, TensorShape> shapes)
    {
        _graph = graph;
        _shapes = shapes;
        var producer = new Dictionary<string, LayerOp>(StringComparer.Ordinal);
        for (int i = 0; i < graph.Ops.Count; i++)
        {
            LayerOp op = graph.Ops[i];
            foreach (string input in op.Inputs) Readers(input).Add(positions[i]);
            foreach (string output in op.Outputs) producer[output] = op;
            if (op.Accept(Relabelling.Instance).Concat is { } concat)
            {
                foreach (string part in concat.Parts) _concatOf[part] = concat;
            }
        }
        PreferShuffledStores(producer);
        Input = new PlaneBuffer(-1, graph.InputShape.Channels, graph.InputShape.Pixels);
        Output = new PlaneBuffer(-2, graph.Classes, 1);
        Place(graph.InputTensor, new ChannelPlacement(Input, ChannelPlacement.Identity(graph.InputShape.Channels)));
    }

    /// <summary>The caller's input image.</summary>
    public PlaneBuffer Input { get; }
    /// <summary>The caller's logits.</summary>
    public PlaneBuffer Output { get; }
    /// <summary>The arena's buffers, in creation order.</summary>
    public IReadOnlyList<PlaneBuffer> Buffers => _buffers;

    /// <summary>
    /// A channel shuffle fed by per-channel ops (depthwise conv, BatchNorm, activation) costs nothing if the conv that starts
    /// the chain already stores channel c at the plane the shuffle sends it to: the depthwise conv then reads and writes in
    /// that order and the shuffle's output is plain planes 0..C-1 (V1: the grouped 1x1 conv's output indexing holds the shuffle).
    /// </summary>
    private void PreferShuffledStores(Dictionary<string, LayerOp> producer)
    {
        foreach (LayerOp op in _graph.Ops)
        {
            if (op.Accept(Relabelling.Instance).Shuffle is not { } shuffle) continue;
            var planes = new int[shuffle.Shape.Channels];
            for (int j = 0; j < planes.Length; j++) planes[shuffle.SourceChannel(j)] = j;
            string tensor = shuffle.Input;
            while (Readers(tensor).Count == 1)
            {
                _preferred[tensor] = planes;
                if (!producer.TryGetValue(tensor, out LayerOp? upstream)) break;
                string? input = upstream.Accept(PerChannelInput.Instance);
                if (input is null) break;
                tensor = input;
            }
        }
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

    /// <summary>The last layer position that reads <paramref name="tensor"/>; the model's output lives to the end.</summary>
    public int LastUse(string tensor)
    {
        if (tensor == _graph.OutputTensor) return int.MaxValue;
        if (!_lastUse.TryGetValue(tensor, out int last))
        {
            List<int> readers = Readers(tensor);
            last = readers.Count == 0 ? -1 : readers.Max();
            _lastUse[tensor] = last;
        }
        return last;
    }

    /// <summary>Records where a tensor lives, indexed by buffer so plane-liveness questions look only at that buffer's tensors.</summary>
    public void Place(string tensor, ChannelPlacement placement)
    {
        _placements[tensor] = placement;
        if (!_tensorsOn.TryGetValue(placement.Buffer, out List<string>? tensors))
        {
            tensors = new List<string>();
            _tensorsOn[placement.Buffer] = tensors;
        }
        tensors.Add(tensor);
    }

    public ChannelPlacement Placed(string tensor) =>
        _placements.TryGetValue(tensor, out ChannelPlacement? placement)
            ? placement
            : throw new InvalidOperationException($"tensor '{tensor}' is used before it is produced.");

    public bool IsPlaced(string tensor) => _placements.ContainsKey(tensor);

    private IEnumerable<KeyValuePair<string, ChannelPlacement>> PlacementsOn(PlaneBuffer buffer) =>
        _tensorsOn.TryGetValue(buffer, out List<string>? tensors)
            ? tensors.Select(t => new KeyValuePair<string, ChannelPlacement>(t, _placements[t]))
            : Enumerable.Empty<KeyValuePair<string, ChannelPlacement>>();

    /// <summary>
    /// Chooses the planes a step writes <paramref name="tensor"/> into: its concat's planes when a concat consumes it
    /// (planes of dead tensors in an existing buffer, or its slot in a fresh one), otherwise a fresh buffer.
    /// </summary>
    public ChannelPlacement PlaceOutput(string tensor, TensorShape shape, int position, bool requireIdentity = false)
    {
        ChannelPlacement placement;
        if (!requireIdentity && _concatOf.TryGetValue(tensor, out ConcatOp? concat) && Readers(tensor).Count == 1)
        {
            placement = PlaceInConcat(tensor, shape, concat, position);
        }
        else
        {
            PlaneBuffer buffer = NewBuffer(shape.Channels, shape.Pixels);
            int[] planes = !requireIdentity && _preferred.TryGetValue(tensor, out int[]? preferred)
                ? preferred
                : ChannelPlacement.Identity(shape.Channels);
            placement = new ChannelPlacement(buffer, planes);
        }
        Place(tensor, placement);
        MarkWritten(placement.Buffer, position);
        return placement;
    }

    /// <summary>The layer's store adds into its shortcut's planes, so the shortcut must be dead after it and apart from its input.</summary>
    public ChannelPlacement PlaceOverResidual(FusedLayer layer, ChannelPlacement input)
    {
        string residual = layer.Residual!;
        ChannelPlacement dst = Placed(residual);
        if (LastUse(residual) > layer.Position || dst.Overlaps(input) || !OthersDeadBy(dst, residual, layer.Position))
        {
            throw new PlanningException(layer.Anchor, $"'{layer.Anchor.Name}': the residual '{residual}' is still needed after the add, so it cannot be updated in place.");
        }
        Place(layer.Output, dst);
        MarkWritten(dst.Buffer, layer.Position);
        return dst;
    }

    /// <summary>A step that updates <paramref name="tensor"/> in place (the SE channel scale): it must be dead after the step.</summary>
    public ChannelPlacement PlaceOverInput(FusedLayer layer, string tensor)
    {
        ChannelPlacement dst = Placed(tensor);
        if (LastUse(tensor) > layer.Position || !OthersDeadBy(dst, tensor, layer.Position))
        {
            throw new PlanningException(layer.Anchor, $"'{layer.Anchor.Name}': '{tensor}' is still needed after it, so it cannot be updated in place.");
        }
        Place(layer.Output, dst);
        MarkWritten(dst.Buffer, layer.Position);
        return dst;
    }

    /// <summary>A model output: the caller's logits span.</summary>
    public ChannelPlacement PlaceModelOutput(string tensor, int channels)
    {
        var placement = new ChannelPlacement(Output, ChannelPlacement.Identity(channels));
        Place(tensor, placement);
        return placement;
    }

    public bool IsModelOutput(string tensor) => tensor == _graph.OutputTensor;

    private ChannelPlacement PlaceInConcat(string tensor, TensorShape shape, ConcatOp concat, int position)
    {
        if (!_concatTargets.TryGetValue(concat.Name, out ConcatTarget? target))
        {
            target = new ConcatTarget();
            _concatTargets[concat.Name] = target;
            string? anchor = concat.Parts.FirstOrDefault(p => _placements.ContainsKey(p));
            if (anchor is not null)
            {
                target.Buffer = _placements[anchor].Buffer;
                foreach (string part in concat.Parts)
                {
                    if (_placements.TryGetValue(part, out ChannelPlacement? placed)) target.Reserved.UnionWith(placed.Planes);
                }
            }
            else
            {
                target.Buffer = NewBuffer(concat.OutShape.Channels, concat.OutShape.Pixels);
                target.Fresh = true;
            }
        }
        PlaneBuffer buffer = target.Buffer!;
        if (buffer.Pixels != shape.Pixels) throw new PlanningException(concat, $"'{concat.Name}': parts have different spatial sizes.");
        int[] planes;
        if (target.Fresh)
        {
            int first = 0;
            foreach (string part in concat.Parts)
            {
                if (part == tensor) break;
                first += _shapes[part].Channels;
            }
            planes = ChannelPlacement.Identity(shape.Channels, first);
        }
        else
        {
            planes = FreePlanes(buffer, shape.Channels, position, target.Reserved);
        }
        target.Reserved.UnionWith(planes);
        return new ChannelPlacement(buffer, planes);
    }

    /// <summary>The lowest-numbered planes of <paramref name="buffer"/> that no tensor still needs at <paramref name="position"/>.</summary>
    private int[] FreePlanes(PlaneBuffer buffer, int count, int position, HashSet<int> reserved)
    {
        var busy = new HashSet<int>(reserved);
        foreach (KeyValuePair<string, ChannelPlacement> entry in PlacementsOn(buffer))
        {
            if (LastUse(entry.Key) >= position) busy.UnionWith(entry.Value.Planes);
        }
        var free = new List<int>(count);
        for (int p = 0; p < buffer.Planes && free.Count < count; p++)
        {
            if (!busy.Contains(p)) free.Add(p);
        }
        if (free.Count < count)
        {
            throw new InvalidOperationException($"no {count} free planes to write a concat part into at op {position}.");
        }
        return free.ToArray();
    }

    /// <summary>True when every other tensor on the residual's planes is dead by the end of the fused step.</summary>
    private bool OthersDeadBy(ChannelPlacement residualPlacement, string residual, int position)
    {
        foreach (KeyValuePair<string, ChannelPlacement> entry in PlacementsOn(residualPlacement.Buffer))
        {
            if (entry.Key == residual || !entry.Value.Overlaps(residualPlacement)) continue;
            if (LastUse(entry.Key) > position) return false;
        }
        return true;
    }

    // ---- relabellings: no step, no data movement ----

    public void Split(ChannelSplitOp split)
    {
        ChannelPlacement input = Placed(split.Input);
        int half = split.HalfShape.Channels;
        Place(split.First, input.Slice(0, half));
        Place(split.Second, input.Slice(half, half));
    }

    public void Shuffle(ChannelShuffleOp shuffle)
    {
        ChannelPlacement input = Placed(shuffle.Input);
        var planes = new int[shuffle.Shape.Channels];
        for (int j = 0; j < planes.Length; j++) planes[j] = input.Planes[shuffle.SourceChannel(j)];
        Place(shuffle.Output, new ChannelPlacement(input.Buffer, planes));
    }

    public void Concat(ConcatOp concat)
    {
        var planes = new List<int>();
        PlaneBuffer? buffer = null;
        foreach (string part in concat.Parts)
        {
            ChannelPlacement placement = Placed(part);
            if (buffer is not null && placement.Buffer != buffer)
            {
                throw new PlanningException(concat, $"'{concat.Name}': its parts were not placed in one buffer.");
            }
            buffer = placement.Buffer;
            planes.AddRange(placement.Planes);
        }
        if (planes.Distinct().Count() != planes.Count) throw new PlanningException(concat, $"'{concat.Name}': its parts share planes.");
        Place(concat.Output, new ChannelPlacement(buffer!, planes.ToArray()));
    }

    /// <summary>Extends every buffer's live interval to its tensors' last reads, once every placement is known.</summary>
    public void CloseLiveIntervals()
    {
        foreach (KeyValuePair<string, ChannelPlacement> entry in _placements)
        {
            PlaneBuffer buffer = entry.Value.Buffer;
            buffer.End = Math.Max(buffer.End, LastUse(entry.Key));
        }
    }

    private PlaneBuffer NewBuffer(int planes, int pixels)
    {
        var buffer = new PlaneBuffer(_buffers.Count, planes, pixels);
        _buffers.Add(buffer);
        return buffer;
    }

    private static void MarkWritten(PlaneBuffer buffer, int position) => buffer.Start = Math.Min(buffer.Start, position);

    /// <summary>Where a buffer is once the arena is allocated: the caller's input or output span, or a slice of the arena.</summary>
    public Region RegionOf(PlaneBuffer buffer)
    {
        if (buffer == Input) return new Region(RegionKind.Input, 0, buffer.Floats);
        if (buffer == Output) return new Region(RegionKind.Output, 0, buffer.Floats);
        return new Region(RegionKind.Arena, buffer.Offset, buffer.Floats);
    }

    /// <summary>The input of an op that maps each channel to the same channel (BatchNorm, activation, depthwise conv); else null.</summary>
    private sealed class PerChannelInput : ILayerOpVisitor<string?>
    {
        public static readonly PerChannelInput Instance = new();

        public string? Visit(Conv2dOp op) => op.IsDepthwise ? op.Input : null;
        public string? Visit(BatchNormOp op) => op.Input;
        public string? Visit(ActivationOp op) => op.Input;
        public string? Visit(MaxPoolOp op) => null;
        public string? Visit(AvgPoolOp op) => null;
        public string? Visit(GlobalAvgPoolOp op) => null;
        public string? Visit(ChannelSplitOp op) => null;
        public string? Visit(ConcatOp op) => null;
        public string? Visit(ChannelShuffleOp op) => null;
        public string? Visit(AddOp op) => null;
        public string? Visit(LinearOp op) => null;
        public string? Visit(ChannelScaleOp op) => op.Input;
    }

    /// <summary>The concat or shuffle an op is, for the two questions placement asks of the whole graph up front.</summary>
    private sealed record Relabel(ConcatOp? Concat, ChannelShuffleOp? Shuffle);

    private sealed class Relabelling : ILayerOpVisitor<Relabel>
    {
        public static readonly Relabelling Instance = new();
        private static readonly Relabel Neither = new(null, null);

        public Relabel Visit(ConcatOp op) => new(op, null);
        public Relabel Visit(ChannelShuffleOp op) => new(null, op);
        public Relabel Visit(Conv2dOp op) => Neither;
        public Relabel Visit(BatchNormOp op) => Neither;
        public Relabel Visit(ActivationOp op) => Neither;
        public Relabel Visit(MaxPoolOp op) => Neither;
        public Relabel Visit(AvgPoolOp op) => Neither;
        public Relabel Visit(GlobalAvgPoolOp op) => Neither;
        public Relabel Visit(ChannelSplitOp op) => Neither;
        public Relabel Visit(AddOp op) => Neither;
        public Relabel Visit(LinearOp op) => Neither;
        public Relabel Visit(ChannelScaleOp op) => Neither;
    }
}
