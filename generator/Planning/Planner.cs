using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Planning;

/// <summary>
/// LayerGraph → ExecutionPlan. Fuses each conv with its BatchNorm and ReLU (or residual add + ReLU) into one kernel call,
/// turns split, concat and channel shuffle into relabellings of channel planes (no step, no bytes moved), makes each
/// concat's producers write straight into its planes (reusing planes whose tensors are dead, so V2's identity half never
/// moves), and packs every buffer into one arena by live interval. Knows op patterns, not families.
/// </summary>
internal sealed class Planner
{
    /// <summary>Arena and weight offsets are multiples of 16 floats (64 bytes, one cache line / one Vector512).</summary>
    public const int AlignmentFloats = 16;

    private readonly LayerGraph _graph;
    private readonly Dictionary<string, TensorShape> _shapes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _consumers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChannelPlacement> _placements = new(StringComparer.Ordinal);
    private readonly Dictionary<PlaneBuffer, List<string>> _tensorsOn = new();
    private readonly Dictionary<string, int> _lastUse = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConcatOp> _concatOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConcatTarget> _concatTargets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> _preferred = new(StringComparer.Ordinal);
    private readonly List<PlaneBuffer> _buffers = new();
    private readonly List<Func<PlanStep>> _steps = new();
    private readonly List<WeightEntry> _weights = new();
    private readonly Dictionary<string, string> _tableNames = new(StringComparer.Ordinal);
    private readonly List<PlaneTable> _tables = new();
    private readonly PlaneBuffer _input;
    private readonly PlaneBuffer _output;
    private int _weightFloats;

    private sealed class ConcatTarget
    {
        public PlaneBuffer? Buffer;
        public bool Fresh;
        public readonly HashSet<int> Reserved = new();
    }

    private Planner(LayerGraph graph)
    {
        _graph = graph;
        _shapes[graph.InputTensor] = graph.InputShape;
        for (int i = 0; i < graph.Ops.Count; i++)
        {
            LayerOp op = graph.Ops[i];
            foreach (string input in op.Inputs) Consumers(input).Add(i);
            foreach (string output in op.Outputs) _shapes[output] = op.OutputShape;
            if (op is ConcatOp concat)
            {
                foreach (string part in concat.Parts) _concatOf[part] = concat;
            }
        }
        PreferShuffledStores();
        _input = new PlaneBuffer(-1, graph.InputShape.Channels, graph.InputShape.Pixels);
        _output = new PlaneBuffer(-2, graph.Classes, 1);
        Place(graph.InputTensor, new ChannelPlacement(_input, ChannelPlacement.Identity(graph.InputShape.Channels)));
    }

    /// <summary>
    /// A channel shuffle fed by per-channel ops (depthwise conv, BatchNorm, ReLU) costs nothing if the conv that starts the
    /// chain already stores channel c at the plane the shuffle sends it to: the depthwise conv then reads and writes in that
    /// order and the shuffle's output is plain planes 0..C-1 (V1: the grouped 1x1 conv's output indexing holds the shuffle).
    /// </summary>
    private void PreferShuffledStores()
    {
        var producer = new Dictionary<string, LayerOp>(StringComparer.Ordinal);
        foreach (LayerOp op in _graph.Ops) producer[op.Output] = op;
        foreach (ChannelShuffleOp shuffle in _graph.Ops.OfType<ChannelShuffleOp>())
        {
            var planes = new int[shuffle.Shape.Channels];
            for (int j = 0; j < planes.Length; j++) planes[shuffle.SourceChannel(j)] = j;
            string tensor = shuffle.Input;
            while (Consumers(tensor).Count == 1)
            {
                _preferred[tensor] = planes;
                if (!producer.TryGetValue(tensor, out LayerOp? op)) break;
                string? upstream = op.Accept(PerChannelInput.Instance);
                if (upstream is null) break;
                tensor = upstream;
            }
        }
    }

    /// <summary>Plans a graph; never throws — a pattern the runtime has no kernel for becomes SNG0099.</summary>
    public static (ExecutionPlan? Plan, ImmutableEquatableArray<DiagnosticInfo> Diagnostics) Plan(LayerGraph graph)
    {
        try
        {
            return (new Planner(graph).Run(), ImmutableEquatableArray<DiagnosticInfo>.Empty);
        }
        catch (Exception ex)
        {
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, graph.Spec.Locate("family"),
                "planning failed: " + ex.Message);
            return (null, new[] { diagnostic }.ToImmutableEquatableArray());
        }
    }

    private List<int> Consumers(string tensor)
    {
        if (!_consumers.TryGetValue(tensor, out List<int>? list))
        {
            list = new List<int>();
            _consumers[tensor] = list;
        }
        return list;
    }

    private int LastUse(string tensor)
    {
        if (tensor == _graph.OutputTensor) return int.MaxValue;
        if (!_lastUse.TryGetValue(tensor, out int last))
        {
            List<int> consumers = Consumers(tensor);
            last = consumers.Count == 0 ? -1 : consumers.Max();
            _lastUse[tensor] = last;
        }
        return last;
    }

    /// <summary>Records where a tensor lives, indexed by buffer so plane-liveness questions look only at that buffer's tensors.</summary>
    private void Place(string tensor, ChannelPlacement placement)
    {
        _placements[tensor] = placement;
        if (!_tensorsOn.TryGetValue(placement.Buffer, out List<string>? tensors))
        {
            tensors = new List<string>();
            _tensorsOn[placement.Buffer] = tensors;
        }
        tensors.Add(tensor);
    }

    private IEnumerable<KeyValuePair<string, ChannelPlacement>> PlacementsOn(PlaneBuffer buffer) =>
        _tensorsOn.TryGetValue(buffer, out List<string>? tensors)
            ? tensors.Select(t => new KeyValuePair<string, ChannelPlacement>(t, _placements[t]))
            : Enumerable.Empty<KeyValuePair<string, ChannelPlacement>>();

    private bool OnlyConsumerIs(string tensor, int opIndex) => Consumers(tensor).Count == 1 && Consumers(tensor)[0] == opIndex;

    private ExecutionPlan Run()
    {
        IReadOnlyList<LayerOp> ops = _graph.Ops;
        int i = 0;
        while (i < ops.Count)
        {
            i = ops[i].Accept(new OpPlanner(this, i));
        }
        if (!_placements.TryGetValue(_graph.OutputTensor, out ChannelPlacement? final) || final.Buffer != _output)
        {
            throw new InvalidOperationException("the graph's output is not produced by a linear layer.");
        }

        foreach (KeyValuePair<string, ChannelPlacement> entry in _placements)
        {
            PlaneBuffer buffer = entry.Value.Buffer;
            buffer.End = Math.Max(buffer.End, LastUse(entry.Key));
        }
        int arenaFloats = AssignArenaOffsets();
        List<PlanStep> steps = _steps.Select(make => make()).ToList();

        return new ExecutionPlan
        {
            ClassName = _graph.Spec.Name,
            Namespace = _graph.Spec.Namespace,
            Family = _graph.Spec.Family == ModelFamily.ShuffleNetV2 ? "shufflenet_v2" : "shufflenet_v1",
            SpecFileName = System.IO.Path.GetFileName(_graph.Spec.FilePath),
            InputChannels = _graph.InputShape.Channels,
            InputHeight = _graph.InputShape.Height,
            InputWidth = _graph.InputShape.Width,
            Classes = _graph.Classes,
            MultiplyAdds = _graph.MultiplyAdds,
            Parameters = _graph.Parameters,
            ArenaFloats = arenaFloats,
            WeightFloats = _weightFloats,
            Steps = steps.ToImmutableEquatableArray(),
            Weights = _weights.ToImmutableEquatableArray(),
            Tables = _tables.ToImmutableEquatableArray(),
            Layers = LayerRows().ToImmutableEquatableArray(),
            Tensors = _graph.Weights,
        };
    }

    // ---- fusion ---------------------------------------------------------------------------------------------

    /// <summary>Conv2d [+ BatchNorm2d] [+ ReLU | + Add(residual) + ReLU] as one kernel call.</summary>
    private int PlanConv(int start, Conv2dOp conv)
    {
        IReadOnlyList<LayerOp> ops = _graph.Ops;
        int next = start + 1;
        string output = conv.Output;
        var modules = new List<string> { conv.Name };
        BatchNormOp? bn = null;
        if (next < ops.Count && ops[next] is BatchNormOp b && b.Input == output && OnlyConsumerIs(output, next))
        {
            bn = b;
            output = b.Output;
            modules.Add(b.Name);
            next++;
        }
        StoreEpilogue epilogue = StoreEpilogue.None;
        string? residual = null;
        if (next < ops.Count && ops[next] is ActivationOp { Kind: ActivationKind.Relu } relu && relu.Input == output && OnlyConsumerIs(output, next))
        {
            epilogue = StoreEpilogue.Relu;
            output = relu.Output;
            modules.Add(relu.Name);
            next++;
        }
        else if (next + 1 < ops.Count && ops[next] is AddOp add && (add.A == output || add.B == output) && OnlyConsumerIs(output, next)
            && ops[next + 1] is ActivationOp { Kind: ActivationKind.Relu } addRelu && addRelu.Input == add.Output && OnlyConsumerIs(add.Output, next + 1))
        {
            epilogue = StoreEpilogue.AddRelu;
            residual = add.A == output ? add.B : add.A;
            output = addRelu.Output;
            modules.Add(add.Name);
            modules.Add(addRelu.Name);
            next += 2;
        }
        int end = next - 1;
        string covered = string.Join(" + ", modules);
        ChannelPlacement input = Placed(conv.Input);
        TensorShape inShape = conv.InputShape, outShape = conv.OutShape;

        if (conv.Kernel == 3 && conv.Stride == 2 && conv.Padding == 1 && conv.Groups == 1 && input.Buffer == _input)
        {
            RequireEpilogue(conv, epilogue, allowRelu: true);
            ChannelPlacement dst = PlaceOutput(output, outShape, start, requireIdentity: true);
            int entry = AddWeights(WeightKind.StemConv3x3, conv, bn, outShape.Channels, inShape.Channels, 1, 0);
            string comment = $"{covered}: conv 3x3 s2 {inShape} -> {outShape}{Describe(bn, epilogue)}";
            _steps.Add(() => new StemConvStep(comment, RegionOf(input.Buffer), inShape.Channels, inShape.Height, inShape.Width,
                entry, outShape.Channels, RegionOf(dst.Buffer), outShape.Height, outShape.Width, epilogue == StoreEpilogue.Relu));
        }
        else if (conv.IsDepthwise && conv.Kernel == 3 && conv.Padding == 1 && (conv.Stride == 1 || conv.Stride == 2))
        {
            RequireEpilogue(conv, epilogue, allowRelu: true);
            ChannelPlacement dst = PlaceOutput(output, outShape, start);
            int entry = AddWeights(WeightKind.Depthwise3x3, conv, bn, outShape.Channels, 1, conv.Groups, 0);
            var (src, inTable) = Operand(input);
            var (dstRegion, outTable) = Operand(dst);
            string comment = $"{covered}: depthwise 3x3 s{conv.Stride} {inShape} -> {outShape}{Describe(bn, epilogue)}";
            _steps.Add(() => new DepthwiseStep(comment, src(), inTable, inShape.Height, inShape.Width,
                conv.Stride, entry, outShape.Channels, dstRegion(), outTable, outShape.Height, outShape.Width,
                epilogue == StoreEpilogue.Relu));
        }
        else if (conv.Kernel == 1 && conv.Stride == 1 && conv.Padding == 0)
        {
            ChannelPlacement dst;
            if (residual is not null)
            {
                dst = Placed(residual);
                if (LastUse(residual) > end || dst.Overlaps(input) || !OthersDeadBy(dst, residual, end))
                {
                    throw new InvalidOperationException($"'{conv.Name}': the residual '{residual}' is still needed after the add, so it cannot be updated in place.");
                }
                Place(output, dst);
                MarkWritten(dst.Buffer, start);
            }
            else
            {
                dst = PlaceOutput(output, outShape, start);
            }
            int groups = conv.Groups;
            int inPer = inShape.Channels / groups, outPer = outShape.Channels / groups;
            for (int g = 0; g < groups; g++)
            {
                int entry = AddWeights(WeightKind.Conv1x1, conv, bn, outPer, inPer, groups, g);
                var (src, inTable) = Operand(input.Slice(g * inPer, inPer));
                var (dstRegion, outTable) = Operand(dst.Slice(g * outPer, outPer));
                string groupText = groups > 1 ? $" group {g + 1}/{groups}" : "";
                string comment = $"{covered}{groupText}: conv 1x1 {inPer}->{outPer} @ {outShape.Height}x{outShape.Width}{Describe(bn, epilogue)}";
                _steps.Add(() => new Conv1x1Step(comment, src(), inTable, outShape.Pixels, entry,
                    inPer, outPer, dstRegion(), outTable, epilogue));
            }
        }
        else
        {
            throw new InvalidOperationException(
                $"'{conv.Name}': no kernel for a {conv.Kernel}x{conv.Kernel} conv with stride {conv.Stride}, padding {conv.Padding}, groups {conv.Groups}.");
        }
        return next;
    }

    private static void RequireEpilogue(Conv2dOp conv, StoreEpilogue epilogue, bool allowRelu)
    {
        if (epilogue == StoreEpilogue.AddRelu || (!allowRelu && epilogue == StoreEpilogue.Relu))
        {
            throw new InvalidOperationException($"'{conv.Name}': its kernel cannot fuse a {epilogue} store.");
        }
    }

    private static string Describe(BatchNormOp? bn, StoreEpilogue epilogue) =>
        (bn is null ? "" : ", BN folded") + epilogue switch
        {
            StoreEpilogue.Relu => ", ReLU",
            StoreEpilogue.AddRelu => ", + residual, ReLU (in place)",
            _ => "",
        };

    private int PlanMaxPool(int index, MaxPoolOp pool)
    {
        if (pool.Kernel != 3 || pool.Padding != 1) throw new InvalidOperationException($"'{pool.Name}': only 3x3 max pooling with padding 1 has a kernel.");
        ChannelPlacement input = Placed(pool.Input);
        if (!input.IsIdentity || input.Planes.Length != input.Buffer.Planes) throw new InvalidOperationException($"'{pool.Name}': max pooling reads contiguous planes.");
        ChannelPlacement dst = PlaceOutput(pool.Output, pool.OutShape, index, requireIdentity: true);
        string comment = $"{pool.Name}: max pool 3x3 s{pool.Stride} {pool.InputShape} -> {pool.OutShape}";
        _steps.Add(() => new MaxPoolStep(comment, RegionOf(input.Buffer), pool.InputShape.Channels, pool.InputShape.Height, pool.InputShape.Width,
            pool.Stride, RegionOf(dst.Buffer), pool.OutShape.Height, pool.OutShape.Width));
        return index + 1;
    }

    private int PlanAvgPool(int index, AvgPoolOp pool)
    {
        if (pool.Kernel != 3 || pool.Padding != 1 || !pool.CountIncludePad)
        {
            throw new InvalidOperationException($"'{pool.Name}': only 3x3 average pooling with padding 1, counting the padding, has a kernel.");
        }
        ChannelPlacement input = Placed(pool.Input);
        ChannelPlacement dst = PlaceOutput(pool.Output, pool.OutShape, index);
        var (src, inTable) = Operand(input);
        var (dstRegion, outTable) = Operand(dst);
        string comment = $"{pool.Name}: avg pool 3x3 s{pool.Stride} {pool.InputShape} -> {pool.OutShape}";
        _steps.Add(() => new AvgPoolStep(comment, src(), inTable, pool.InputShape.Height, pool.InputShape.Width,
            pool.Stride, pool.InputShape.Channels, dstRegion(), outTable, pool.OutShape.Height, pool.OutShape.Width));
        return index + 1;
    }

    private int PlanGlobalAvgPool(int index, GlobalAvgPoolOp gap)
    {
        ChannelPlacement input = Placed(gap.Input);
        ChannelPlacement dst = PlaceOutput(gap.Output, gap.OutputShape, index, requireIdentity: true);
        var (src, inTable) = Operand(input);
        string comment = $"{gap.Name}: global average pool {gap.InputShape} -> {gap.OutputShape.Channels}";
        _steps.Add(() => new GlobalAvgPoolStep(comment, src(), inTable, gap.InputShape.Pixels,
            gap.InputShape.Channels, RegionOf(dst.Buffer)));
        return index + 1;
    }

    private int PlanLinear(int index, LinearOp linear)
    {
        ChannelPlacement input = Placed(linear.Input);
        if (!input.IsIdentity || input.Buffer.Pixels != 1) throw new InvalidOperationException($"'{linear.Name}': the linear layer reads a contiguous vector.");
        if (linear.Output != _graph.OutputTensor) throw new InvalidOperationException($"'{linear.Name}': only the final linear layer has a kernel.");
        Place(linear.Output, new ChannelPlacement(_output, ChannelPlacement.Identity(linear.OutFeatures)));
        int entry = AddWeights(WeightKind.Linear, linear.WeightKey, linear.BiasKey, null, 0, linear.OutFeatures, linear.InFeatures, 1, 0);
        string comment = $"{linear.Name}: linear {linear.InFeatures} -> {linear.OutFeatures}";
        _steps.Add(() => new LinearStep(comment, RegionOf(input.Buffer), linear.InFeatures, entry, linear.OutFeatures, RegionOf(_output)));
        return index + 1;
    }

    // ---- relabellings: no step, no data movement -----------------------------------------------------------------

    private int PlanSplit(int index, ChannelSplitOp split)
    {
        ChannelPlacement input = Placed(split.Input);
        int half = split.HalfShape.Channels;
        Place(split.First, input.Slice(0, half));
        Place(split.Second, input.Slice(half, half));
        return index + 1;
    }

    private int PlanShuffle(int index, ChannelShuffleOp shuffle)
    {
        ChannelPlacement input = Placed(shuffle.Input);
        var planes = new int[shuffle.Shape.Channels];
        for (int j = 0; j < planes.Length; j++) planes[j] = input.Planes[shuffle.SourceChannel(j)];
        Place(shuffle.Output, new ChannelPlacement(input.Buffer, planes));
        return index + 1;
    }

    private int PlanConcat(int index, ConcatOp concat)
    {
        var planes = new List<int>();
        PlaneBuffer? buffer = null;
        foreach (string part in concat.Parts)
        {
            ChannelPlacement placement = Placed(part);
            if (buffer is not null && placement.Buffer != buffer)
            {
                throw new InvalidOperationException($"'{concat.Name}': its parts were not placed in one buffer.");
            }
            buffer = placement.Buffer;
            planes.AddRange(placement.Planes);
        }
        if (planes.Distinct().Count() != planes.Count) throw new InvalidOperationException($"'{concat.Name}': its parts share planes.");
        Place(concat.Output, new ChannelPlacement(buffer!, planes.ToArray()));
        return index + 1;
    }

    // ---- placement ---------------------------------------------------------------------------------------------

    private ChannelPlacement Placed(string tensor) =>
        _placements.TryGetValue(tensor, out ChannelPlacement? placement)
            ? placement
            : throw new InvalidOperationException($"tensor '{tensor}' is used before it is produced.");

    /// <summary>
    /// Chooses the planes a step writes <paramref name="tensor"/> into: its concat's planes when a concat consumes it
    /// (planes of dead tensors in an existing buffer, or its slot in a fresh one), otherwise a fresh buffer.
    /// </summary>
    private ChannelPlacement PlaceOutput(string tensor, TensorShape shape, int step, bool requireIdentity = false)
    {
        ChannelPlacement placement;
        if (!requireIdentity && _concatOf.TryGetValue(tensor, out ConcatOp? concat) && Consumers(tensor).Count == 1)
        {
            placement = PlaceInConcat(tensor, shape, concat, step);
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
        MarkWritten(placement.Buffer, step);
        return placement;
    }

    private ChannelPlacement PlaceInConcat(string tensor, TensorShape shape, ConcatOp concat, int step)
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
        if (buffer.Pixels != shape.Pixels) throw new InvalidOperationException($"'{concat.Name}': parts have different spatial sizes.");
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
            planes = FreePlanes(buffer, shape.Channels, step, target.Reserved);
        }
        target.Reserved.UnionWith(planes);
        return new ChannelPlacement(buffer, planes);
    }

    /// <summary>The lowest-numbered planes of <paramref name="buffer"/> that no tensor still needs at <paramref name="step"/>.</summary>
    private int[] FreePlanes(PlaneBuffer buffer, int count, int step, HashSet<int> reserved)
    {
        var busy = new HashSet<int>(reserved);
        foreach (KeyValuePair<string, ChannelPlacement> entry in PlacementsOn(buffer))
        {
            if (LastUse(entry.Key) >= step) busy.UnionWith(entry.Value.Planes);
        }
        var free = new List<int>(count);
        for (int p = 0; p < buffer.Planes && free.Count < count; p++)
        {
            if (!busy.Contains(p)) free.Add(p);
        }
        if (free.Count < count)
        {
            throw new InvalidOperationException($"no {count} free planes to write a concat part into at op {step}.");
        }
        return free.ToArray();
    }

    /// <summary>True when every other tensor on the residual's planes is dead by the end of the fused step.</summary>
    private bool OthersDeadBy(ChannelPlacement residualPlacement, string residual, int end)
    {
        foreach (KeyValuePair<string, ChannelPlacement> entry in PlacementsOn(residualPlacement.Buffer))
        {
            if (entry.Key == residual || !entry.Value.Overlaps(residualPlacement)) continue;
            if (LastUse(entry.Key) > end) return false;
        }
        return true;
    }

    private PlaneBuffer NewBuffer(int planes, int pixels)
    {
        var buffer = new PlaneBuffer(_buffers.Count, planes, pixels);
        _buffers.Add(buffer);
        return buffer;
    }

    private static void MarkWritten(PlaneBuffer buffer, int step) => buffer.Start = Math.Min(buffer.Start, step);

    /// <summary>Greedy by size: each buffer takes the lowest aligned offset clear of every buffer whose live interval meets its own.</summary>
    private int AssignArenaOffsets()
    {
        int total = 0;
        var assigned = new List<PlaneBuffer>();
        foreach (PlaneBuffer buffer in _buffers.OrderByDescending(b => b.Floats).ThenBy(b => b.Id))
        {
            var clashes = assigned.Where(o => o.Start <= buffer.End && buffer.Start <= o.End).OrderBy(o => o.Offset).ToList();
            int offset = 0;
            foreach (PlaneBuffer other in clashes)
            {
                if (offset + buffer.Floats <= other.Offset) break;
                offset = Math.Max(offset, Align(other.Offset + other.Floats));
            }
            buffer.Offset = offset;
            assigned.Add(buffer);
            total = Math.Max(total, Align(offset + buffer.Floats));
        }
        return total;
    }

    public static int Align(int floats) => (floats + AlignmentFloats - 1) / AlignmentFloats * AlignmentFloats;

    private Region RegionOf(PlaneBuffer buffer)
    {
        if (buffer == _input) return new Region(RegionKind.Input, 0, buffer.Floats);
        if (buffer == _output) return new Region(RegionKind.Output, 0, buffer.Floats);
        return new Region(RegionKind.Arena, buffer.Offset, buffer.Floats);
    }

    // ---- tables and weights ---------------------------------------------------------------------------------------

    /// <summary>Registers a plane table (deduplicated by content) and returns its name; identity tables are named "" and emitted as <c>default</c>.</summary>
    private string Table(ChannelPlacement placement)
    {
        if (placement.IsIdentity) return "";
        string key = string.Join(",", placement.Planes.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        if (!_tableNames.TryGetValue(key, out string? name))
        {
            name = "Planes" + _tables.Count.ToString(CultureInfo.InvariantCulture);
            _tableNames[key] = name;
            _tables.Add(new PlaneTable(name, placement.Planes.ToImmutableEquatableArray()));
        }
        return name;
    }

    private static string? NullIfIdentity(string table) => table.Length == 0 ? null : table;

    /// <summary>
    /// How a step addresses a placement: a run of consecutive planes is just a narrower slice of the arena (no table);
    /// anything else is the whole buffer read or written through a plane table.
    /// </summary>
    private (Func<Region> Region, string? Table) Operand(ChannelPlacement placement)
    {
        int first = placement.Planes.Length == 0 ? 0 : placement.Planes[0];
        bool run = true;
        for (int k = 0; k < placement.Planes.Length; k++)
        {
            if (placement.Planes[k] != first + k) { run = false; break; }
        }
        PlaneBuffer buffer = placement.Buffer;
        if (run && (first == 0 || (buffer != _input && buffer != _output)))
        {
            int length = placement.Planes.Length * buffer.Pixels;
            return (() => SubRegion(buffer, first * buffer.Pixels, length), null);
        }
        string table = Table(placement);
        return (() => RegionOf(buffer), NullIfIdentity(table));
    }

    private Region SubRegion(PlaneBuffer buffer, int start, int length)
    {
        Region whole = RegionOf(buffer);
        return whole with { Offset = whole.Offset + start, Length = length };
    }

    private int AddWeights(WeightKind kind, Conv2dOp conv, BatchNormOp? bn, int outChannels, int inChannels, int groups, int group) =>
        AddWeights(kind, conv.WeightKey, conv.BiasKey, bn?.Name, bn?.Epsilon ?? 0, outChannels, inChannels, groups, group);

    private int AddWeights(WeightKind kind, string weightKey, string? biasKey, string? bnPrefix, double epsilon,
        int outChannels, int inChannels, int groups, int group)
    {
        (int weightLength, int biasLength) = PackedLengths(kind, outChannels, inChannels, hasBias: biasKey is not null || bnPrefix is not null);
        int weightOffset = _weightFloats;
        int biasOffset = Align(weightOffset + weightLength);
        _weightFloats = Align(biasOffset + biasLength);
        _weights.Add(new WeightEntry(kind, weightKey, biasKey, bnPrefix, epsilon, outChannels, inChannels, groups, group,
            weightOffset, weightLength, biasOffset, biasLength));
        return _weights.Count - 1;
    }

    /// <summary>
    /// Packed sizes; must equal the runtime kernels' <c>PackedWeightsLength</c>/<c>PackedBiasLength</c> (a test checks):
    /// the 1x1 and stem kernels work on blocks of 8 output channels, zero-padded.
    /// </summary>
    public static (int Weights, int Bias) PackedLengths(WeightKind kind, int outChannels, int inChannels, bool hasBias)
    {
        int outPadded = (outChannels + 7) / 8 * 8;
        return kind switch
        {
            WeightKind.StemConv3x3 => (outPadded * inChannels * 9, outPadded),
            WeightKind.Conv1x1 => (outPadded * inChannels, outPadded),
            WeightKind.Depthwise3x3 => (outChannels * 9, outChannels),
            WeightKind.Linear => (outChannels * inChannels, hasBias ? outChannels : 0),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private IEnumerable<LayerRow> LayerRows()
    {
        var parameters = _graph.Weights.Where(w => w.Role == WeightRole.Parameter).ToDictionary(w => w.Key, w => w.Elements, StringComparer.Ordinal);
        foreach (LayerOp op in _graph.Ops)
        {
            string inShape = string.Join(" + ", op.Inputs.Select(t => _shapes[t].ToString()));
            string outShape = string.Join(" + ", op.Outputs.Select(t => _shapes[t].ToString()));
            long owned = parameters.Where(p => p.Key.StartsWith(op.Name + ".", StringComparison.Ordinal) && p.Key.IndexOf('.', op.Name.Length + 1) < 0)
                .Sum(p => p.Value);
            yield return new LayerRow(op.Name, op.Description, inShape, outShape, op.MultiplyAdds, owned);
        }
    }

    /// <summary>Plans one op at <c>index</c> and returns the index of the next op not yet planned.</summary>
    private sealed class OpPlanner : ILayerOpVisitor<int>
    {
        private readonly Planner _planner;
        private readonly int _index;

        public OpPlanner(Planner planner, int index)
        {
            _planner = planner;
            _index = index;
        }

        public int Visit(Conv2dOp op) => _planner.PlanConv(_index, op);
        public int Visit(BatchNormOp op) => Unfused(op);
        public int Visit(ActivationOp op) => Unfused(op);
        public int Visit(MaxPoolOp op) => _planner.PlanMaxPool(_index, op);
        public int Visit(AvgPoolOp op) => _planner.PlanAvgPool(_index, op);
        public int Visit(GlobalAvgPoolOp op) => _planner.PlanGlobalAvgPool(_index, op);
        public int Visit(ChannelSplitOp op) => _planner.PlanSplit(_index, op);
        public int Visit(ConcatOp op) => _planner.PlanConcat(_index, op);
        public int Visit(ChannelShuffleOp op) => _planner.PlanShuffle(_index, op);
        public int Visit(AddOp op) => Unfused(op);
        public int Visit(LinearOp op) => _planner.PlanLinear(_index, op);

        private static int Unfused(LayerOp op) =>
            throw new InvalidOperationException($"'{op.Name}' ({op.Description}) is not preceded by a convolution it could be fused into.");
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
    }
}
