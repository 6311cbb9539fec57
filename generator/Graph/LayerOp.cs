using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Graph;

/// <summary>
/// One module call of the reference network. <see cref="Name"/> is the module path in the state_dict (e.g. <c>stage2.0.branch2.0</c>).
/// An op knows its own weights, cost and description; what a consumer does with it goes through <see cref="Accept{T}"/>, so an op
/// new to a consumer is a compile error there rather than a <c>default:</c> throwing at run time.
/// </summary>
internal abstract record LayerOp(string Name)
{
    /// <summary>The spec key whose value asked for this op (e.g. <c>stages[1]</c>): where a diagnostic about it points.</summary>
    public string SpecKey { get; init; } = "family";

    public abstract ImmutableEquatableArray<string> Inputs { get; }
    /// <summary>The tensors it produces: one, or a split's two halves.</summary>
    public virtual ImmutableEquatableArray<string> Outputs => new[] { Output }.ToImmutableEquatableArray();
    /// <summary>The first (usually only) output.</summary>
    public abstract string Output { get; }
    public abstract TensorShape OutputShape { get; }
    /// <summary>The state_dict entries this module owns, in PyTorch's registration order.</summary>
    public virtual ImmutableEquatableArray<WeightTensor> Weights => ImmutableEquatableArray<WeightTensor>.Empty;
    /// <summary>Multiply-adds of one image, counted as the papers count them: convolutions and linear layers only.</summary>
    public virtual long MultiplyAdds => 0;
    /// <summary>Floats one image reads and writes as PyTorch computes the op alone: its inputs, outputs and weights.</summary>
    public abstract long MemoryAccess { get; }
    /// <summary>The kind as <c>ModelInfo.Layers</c> shows it, e.g. <c>DepthwiseConv3x3/s2</c>.</summary>
    public abstract string Description { get; }

    public abstract T Accept<T>(ILayerOpVisitor<T> visitor);

    protected long WeightElements
    {
        get
        {
            long n = 0;
            foreach (WeightTensor w in Weights) n += w.Elements;
            return n;
        }
    }

    protected static ImmutableEquatableArray<string> One(string tensor) => new[] { tensor }.ToImmutableEquatableArray();
}

/// <summary>What a consumer does with each kind of op; adding an op adds a method here, so every consumer must handle it.</summary>
internal interface ILayerOpVisitor<out T>
{
    T Visit(Conv2dOp op);
    T Visit(BatchNormOp op);
    T Visit(ActivationOp op);
    T Visit(MaxPoolOp op);
    T Visit(AvgPoolOp op);
    T Visit(GlobalAvgPoolOp op);
    T Visit(ChannelSplitOp op);
    T Visit(ConcatOp op);
    T Visit(ChannelShuffleOp op);
    T Visit(AddOp op);
    T Visit(LinearOp op);
    T Visit(ChannelScaleOp op);
}
