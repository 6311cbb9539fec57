using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Planning;

/// <summary>
/// Everything the emitter needs to write a model class: fused steps with literal sizes and arena offsets, the channel
/// plane tables they read and write through, and where each layer's folded weights go. A pure, equatable value.
/// </summary>
internal sealed record ExecutionPlan
{
    public required string ClassName { get; init; }
    public required string? Namespace { get; init; }
    /// <summary>The family as written in specs (<c>shufflenet_v2</c>).</summary>
    public required string Family { get; init; }
    public required string SpecFileName { get; init; }
    public required int InputChannels { get; init; }
    public required int InputHeight { get; init; }
    public required int InputWidth { get; init; }
    public required int Classes { get; init; }
    public required long MultiplyAdds { get; init; }
    public required long Parameters { get; init; }
    /// <summary>Floats of activation arena one image in flight needs.</summary>
    public required int ArenaFloats { get; init; }
    /// <summary>Floats of folded, packed weights.</summary>
    public required int WeightFloats { get; init; }
    public required ImmutableEquatableArray<PlanStep> Steps { get; init; }
    public required ImmutableEquatableArray<WeightEntry> Weights { get; init; }
    public required ImmutableEquatableArray<PlaneTable> Tables { get; init; }
    public required ImmutableEquatableArray<LayerRow> Layers { get; init; }
    /// <summary>The tensors the weights file must hold, in the graph's order (BatchNorm's num_batches_tracked is optional and not listed).</summary>
    public required ImmutableEquatableArray<Graph.WeightTensor> Tensors { get; init; }
}

/// <summary>A constant channel → plane map, emitted once as static data and shared by every step that uses it.</summary>
internal sealed record PlaneTable(string Name, ImmutableEquatableArray<int> Planes);

/// <summary>A row of <c>ModelInfo.Layers</c>: one module of the reference network.</summary>
internal sealed record LayerRow(string Name, string Kind, string InputShape, string OutputShape, long MultiplyAdds, long Parameters);

/// <summary>The kernel a weight entry is packed for, which decides its layout and the loader call.</summary>
internal enum WeightKind
{
    StemConv3x3,
    Conv1x1,
    Depthwise3x3,
    Linear,
}

/// <summary>
/// One layer's weights in the packed buffer: which state_dict tensors they come from (BatchNorm folded in at load),
/// and where they go. A grouped 1x1 conv has one entry per group.
/// </summary>
internal sealed record WeightEntry(
    WeightKind Kind, string WeightKey, string? BiasKey, string? BatchNormPrefix, double BatchNormEpsilon,
    int OutChannels, int InChannels, int Groups, int Group,
    int WeightOffset, int WeightLength, int BiasOffset, int BiasLength);

/// <summary>A region of the arena (offset and length in floats) or the caller's input/output span.</summary>
internal sealed record Region(RegionKind Kind, int Offset, int Length);

internal enum RegionKind
{
    Arena,
    Input,
    Output,
}

/// <summary>How a 1x1 conv stores: plain, ReLU, or adding the value already at the destination then ReLU (V1's residual).</summary>
internal enum StoreEpilogue
{
    None,
    Relu,
    AddRelu,
}

/// <summary>One fused kernel call. <see cref="Comment"/> names the reference modules it covers and its shapes.</summary>
internal abstract record PlanStep(string Comment);

internal sealed record StemConvStep(string Comment, Region Input, int InChannels, int Height, int Width, int WeightEntry,
    int OutChannels, Region Output, int OutHeight, int OutWidth, bool Relu) : PlanStep(Comment);

internal sealed record MaxPoolStep(string Comment, Region Input, int Channels, int Height, int Width, int Stride,
    Region Output, int OutHeight, int OutWidth) : PlanStep(Comment);

/// <summary>A 1x1 conv (one group of a grouped conv) reading and writing channel planes through tables (null = identity).</summary>
internal sealed record Conv1x1Step(string Comment, Region Input, string? InputTable, int Pixels, int WeightEntry,
    int InChannels, int OutChannels, Region Output, string? OutputTable, StoreEpilogue Epilogue) : PlanStep(Comment);

internal sealed record DepthwiseStep(string Comment, Region Input, string? InputTable, int Height, int Width, int Stride,
    int WeightEntry, int Channels, Region Output, string? OutputTable, int OutHeight, int OutWidth, bool Relu) : PlanStep(Comment);

internal sealed record AvgPoolStep(string Comment, Region Input, string? InputTable, int Height, int Width, int Stride,
    int Channels, Region Output, string? OutputTable, int OutHeight, int OutWidth) : PlanStep(Comment);

internal sealed record GlobalAvgPoolStep(string Comment, Region Input, string? InputTable, int Pixels, int Channels,
    Region Output) : PlanStep(Comment);

internal sealed record LinearStep(string Comment, Region Input, int InFeatures, int WeightEntry, int OutFeatures,
    Region Output) : PlanStep(Comment);
