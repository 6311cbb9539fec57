using System;
using System.Collections.Generic;
using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Generator.Planning;

/// <summary>What a kernel computes, before its shape: the anchor op of a fused layer.</summary>
internal enum KernelOp
{
    Conv,
    MaxPool,
    /// <summary><c>AvgPool2d(count_include_pad=True)</c>, the only average pool a kernel computes.</summary>
    AvgPoolCountingPadding,
    AvgPoolIgnoringPadding,
    GlobalAvgPool,
    Linear,
    /// <summary>Each channel times its gate (squeeze-and-excitation's <c>scale * input</c>).</summary>
    ChannelScale,
}

/// <summary>How a conv's channels connect: all to all, in groups, or each to itself.</summary>
internal enum ConvGroups
{
    Dense,
    Grouped,
    Depthwise,
}

/// <summary>What the store of a kernel does after the bias: add the destination's value (the residual), then the activation.</summary>
internal sealed record StoreEpilogue(ActivationKind Activation, bool Residual)
{
    public override string ToString() => (Residual ? "+ residual, " : "") + Activation.ModuleName();
}

/// <summary>
/// A fused layer as the catalogue matches it: the anchor's kind and window, its groups, whether it reads the model's input
/// image, and the epilogue its store must apply.
/// </summary>
internal sealed record KernelQuery(KernelOp Op, int Kernel, int Stride, int Padding, ConvGroups Groups, bool ReadsImage, StoreEpilogue Epilogue, TensorShape InShape);

/// <summary>How a kernel addresses a tensor: a contiguous block, or channel planes through a plane table.</summary>
internal enum TensorAccess
{
    Contiguous,
    PlaneTable,
}

/// <summary>What a kernel needs of where its output goes.</summary>
internal enum OutputPlacement
{
    /// <summary>Any planes, through a table if they are not a run (concat slots, shuffled stores).</summary>
    AnyPlanes,
    /// <summary>Planes 0..C-1 of a buffer of its own.</summary>
    Identity,
    /// <summary>The caller's logits.</summary>
    ModelOutput,
    /// <summary>The planes of the tensor it reads besides its input operand, updated in place (that tensor must be dead after it).</summary>
    InPlace,
}

/// <summary>
/// One runtime kernel of <c>ShuffleNetGen.Runtime.Kernels</c>: which fused layers it matches, the epilogues its store
/// supports, its packed weight sizes, the calls the emitter writes for loading and running it, and the work and memory
/// the lane schedule counts. Call templates name step values in braces (see <c>KernelCallWriter</c>).
/// </summary>
internal sealed record KernelRow
{
    /// <summary>The runtime class, e.g. <c>Conv1x1</c>; also the kernel test's and benchmark's name stem.</summary>
    public required string Name { get; init; }
    public required KernelOp Op { get; init; }
    /// <summary>Window size; 0 for a kernel without a window (global pool, linear).</summary>
    public int Kernel { get; init; }
    public IReadOnlyList<int> Strides { get; init; } = new[] { 1 };
    public int Padding { get; init; }
    /// <summary>The paddings it takes when more than one (the run call then passes <c>{padding}</c>); null: only <see cref="Padding"/>.</summary>
    public IReadOnlyList<int>? Paddings { get; init; }
    public IReadOnlyList<ConvGroups> Groups { get; init; } = new[] { ConvGroups.Dense };
    /// <summary>Only for an input map of at most this many pixels (a 1x1 conv over one pixel is a matrix-vector product).</summary>
    public int MaxInputPixels { get; init; } = int.MaxValue;
    /// <summary>Only for an input of at most this many channels (a kernel whose stack scratch grows with the input's depth).</summary>
    public int MaxInputChannels { get; init; } = int.MaxValue;
    /// <summary>Only for a layer reading the model's input image (the stem's layout is the caller's CHW span).</summary>
    public bool ReadsImage { get; init; }
    public required IReadOnlyList<StoreEpilogue> Epilogues { get; init; }
    /// <summary>A grouped conv runs as one call per group, each over its slice of planes.</summary>
    public bool OneCallPerGroup { get; init; }
    /// <summary>How it reads its input; <see cref="TensorAccess.Contiguous"/> needs whole planes 0..C-1 of a buffer.</summary>
    public required TensorAccess Reads { get; init; }
    public required TensorAccess Writes { get; init; }
    public required OutputPlacement Output { get; init; }
    /// <summary>Packed (weights, bias) floats for (out, in, has bias); null for a kernel without weights. Must equal the runtime's <c>PackedWeightsLength</c>.</summary>
    public Func<int, int, bool, (int Weights, int Bias)>? Packing { get; init; }
    /// <summary>The <c>WeightLoader</c> method call, without <c>loader.</c>; null without weights.</summary>
    public string? LoadCall { get; init; }
    /// <summary>The arguments of <c>{Name}.Run(...)</c>.</summary>
    public required string RunArguments { get; init; }
    /// <summary>The step's description after the module names, e.g. <c>conv 1x1 116->116 @ 28x28</c>.</summary>
    public required Func<PlanStep, string> Describe { get; init; }
    /// <summary>Multiply-adds (or window taps, for pools) of one step: what the lane schedule weighs a split against a barrier.</summary>
    public required Func<PlanStep, long> Work { get; init; }

    public bool Matches(KernelQuery q) =>
        q.Op == Op && q.Kernel == Kernel && Contains(Strides, q.Stride) && (Paddings is null ? q.Padding == Padding : Contains(Paddings, q.Padding))
        && Contains(Groups, q.Groups)
        && (!ReadsImage || q.ReadsImage) && q.InShape.Pixels <= MaxInputPixels && q.InShape.Channels <= MaxInputChannels;

    public bool Supports(StoreEpilogue epilogue) => Contains(Epilogues, epilogue);

    private static bool Contains<T>(IReadOnlyList<T> list, T value)
    {
        foreach (T item in list)
        {
            if (EqualityComparer<T>.Default.Equals(item, value)) return true;
        }
        return false;
    }
}
