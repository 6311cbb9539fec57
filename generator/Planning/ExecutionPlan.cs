using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;

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
    /// <summary>How images become the input; null when the input is not 3 channels.</summary>
    public PreprocessSpec? Preprocess { get; init; }
    /// <summary>The spec's <c>labels:</c> as written, and where (the emitter resolves a labels file).</summary>
    public string? Labels { get; init; }
    public LocationInfo? LabelsLocation { get; init; }
    /// <summary>The spec file's full path: a labels file is found relative to it.</summary>
    public string SpecFilePath { get; init; } = "";
    /// <summary>The feature outputs <c>PredictFeatures</c> copies out, in the spec's order.</summary>
    public ImmutableEquatableArray<FeatureCopy> Features { get; init; } = ImmutableEquatableArray<FeatureCopy>.Empty;
}

/// <summary>
/// A feature output: after the first <see cref="AfterSteps"/> steps its tensor is complete at <see cref="Source"/> (through
/// <see cref="Table"/>, its channel → plane map, when the channels are not consecutive planes), and is copied out then.
/// </summary>
internal sealed record FeatureCopy(string Name, TensorShape Shape, int AfterSteps, Region Source, string? Table);

/// <summary>A constant channel → plane map, emitted once as static data and shared by every step that uses it.</summary>
internal sealed record PlaneTable(string Name, ImmutableEquatableArray<int> Planes);

/// <summary>
/// A row of <c>ModelInfo.Layers</c>: one fused layer, named by its anchor module; <see cref="Kernel"/> is its catalogue row
/// (empty for a relabelling layer), <see cref="Fused"/> the modules its store absorbed, <see cref="Calls"/> its kernel calls.
/// </summary>
internal sealed record LayerRow(string Name, string Kind, string InputShape, string OutputShape, long MultiplyAdds, long Parameters,
    long MemoryAccess, string Kernel, string Fused, int Calls);

/// <summary>
/// One layer's weights in the packed buffer: which state_dict tensors they come from (BatchNorm folded in at load), which
/// catalogue kernel they are packed for (<see cref="Kernel"/>, a <see cref="KernelRow.Name"/>), and where they go.
/// A grouped 1x1 conv has one entry per group.
/// </summary>
internal sealed record WeightEntry(
    string Kernel, string WeightKey, string? BiasKey, string? BatchNormPrefix, double BatchNormEpsilon,
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

/// <summary>
/// One fused kernel call: the catalogue row it runs (<see cref="Kernel"/>, a <see cref="KernelRow.Name"/>), where it reads
/// and writes (tables null = identity), its shapes, weights (-1: none) and store epilogue. <see cref="Comment"/> names the
/// reference modules it covers and its shapes; <see cref="Layer"/> is its row of <see cref="ExecutionPlan.Layers"/>;
/// <see cref="Padding"/> is its window's zero padding, for a row that takes several.
/// </summary>
internal sealed record PlanStep(
    int Layer, string Comment, string Kernel,
    Region Input, string? InputTable, TensorShape InShape,
    Region Output, string? OutputTable, TensorShape OutShape,
    int Stride, int WeightEntry, ActivationKind Activation, bool Residual, int Padding = 0);
