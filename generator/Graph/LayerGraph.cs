using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Graph;

/// <summary>A per-image activation shape, CHW.</summary>
internal sealed record TensorShape(int Channels, int Height, int Width)
{
    public int Pixels => Height * Width;
    public long Elements => (long)Channels * Height * Width;
    public override string ToString() => $"{Channels}x{Height}x{Width}";
}

/// <summary>Whether a weight tensor is a learned parameter (PyTorch's <c>parameters()</c>) or a BatchNorm running statistic (a buffer).</summary>
internal enum WeightRole
{
    Parameter,
    RunningStatistic,
}

/// <summary>A tensor the weights file must hold: its state_dict key and shape, as PyTorch stores it.</summary>
internal sealed record WeightTensor(string Key, ImmutableEquatableArray<int> Shape, WeightRole Role)
{
    public long Elements
    {
        get
        {
            long n = 1;
            foreach (int d in Shape) n *= d;
            return n;
        }
    }
}

/// <summary>
/// The model as the reference PyTorch module computes it: one op per module call, every tensor named and statically shaped.
/// Produced by a family's lowering; consumed by the planner, the reference executor and the ONNX exporter.
/// Tensors are single-assignment; <see cref="InputTensor"/> is the image, <see cref="OutputTensor"/> the logits.
/// </summary>
internal sealed record LayerGraph
{
    public required ModelSpec Spec { get; init; }
    public required TensorShape InputShape { get; init; }
    public string InputTensor => "input";
    public required string OutputTensor { get; init; }
    public required int Classes { get; init; }
    public required ImmutableEquatableArray<LayerOp> Ops { get; init; }
    public required ImmutableEquatableArray<WeightTensor> Weights { get; init; }

    /// <summary>Learned parameters, as PyTorch counts them (BatchNorm running statistics excluded).</summary>
    public long Parameters
    {
        get
        {
            long n = 0;
            foreach (WeightTensor w in Weights)
            {
                if (w.Role == WeightRole.Parameter) n += w.Elements;
            }
            return n;
        }
    }

    /// <summary>Multiply-adds of the convolutions and linear layers, the papers' complexity measure.</summary>
    public long MultiplyAdds
    {
        get
        {
            long n = 0;
            foreach (LayerOp op in Ops) n += op.MultiplyAdds;
            return n;
        }
    }
}

/// <summary>One module call of the reference network. <see cref="Name"/> is the module path in the state_dict (e.g. <c>stage2.0.branch2.0</c>).</summary>
internal abstract record LayerOp(string Name)
{
    public abstract ImmutableEquatableArray<string> Inputs { get; }
    public abstract string Output { get; }
    public abstract TensorShape OutputShape { get; }
    public virtual long MultiplyAdds => 0;
}

/// <summary><c>nn.Conv2d(bias=BiasKey != null)</c>, square kernel, symmetric zero padding.</summary>
internal sealed record Conv2dOp(
    string Name, string Input, string Out, TensorShape InputShape, TensorShape OutShape,
    int Kernel, int Stride, int Padding, int Groups, string WeightKey, string? BiasKey) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => new[] { Input }.ToImmutableEquatableArray();
    public override string Output => Out;
    public override TensorShape OutputShape => OutShape;
    public bool IsDepthwise => Groups == InputShape.Channels && Groups == OutShape.Channels;
    public override long MultiplyAdds =>
        (long)OutShape.Channels * OutShape.Pixels * (InputShape.Channels / Groups) * Kernel * Kernel;
}

/// <summary><c>nn.BatchNorm2d</c> in eval mode: keys <c>{Prefix}.weight/.bias/.running_mean/.running_var</c>.</summary>
internal sealed record BatchNormOp(string Name, string Input, string Out, TensorShape Shape, double Epsilon) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => new[] { Input }.ToImmutableEquatableArray();
    public override string Output => Out;
    public override TensorShape OutputShape => Shape;
}

/// <summary><c>nn.ReLU</c>.</summary>
internal sealed record ReluOp(string Name, string Input, string Out, TensorShape Shape) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => new[] { Input }.ToImmutableEquatableArray();
    public override string Output => Out;
    public override TensorShape OutputShape => Shape;
}

/// <summary><c>nn.MaxPool2d(Kernel, Stride, Padding)</c>: padding never wins the max.</summary>
internal sealed record MaxPoolOp(string Name, string Input, string Out, TensorShape InputShape, TensorShape OutShape, int Kernel, int Stride, int Padding) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => new[] { Input }.ToImmutableEquatableArray();
    public override string Output => Out;
    public override TensorShape OutputShape => OutShape;
}

/// <summary><c>nn.AvgPool2d(Kernel, Stride, Padding, count_include_pad=CountIncludePad)</c>.</summary>
internal sealed record AvgPoolOp(string Name, string Input, string Out, TensorShape InputShape, TensorShape OutShape, int Kernel, int Stride, int Padding, bool CountIncludePad) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => new[] { Input }.ToImmutableEquatableArray();
    public override string Output => Out;
    public override TensorShape OutputShape => OutShape;
}

/// <summary><c>x.chunk(2, dim=1)</c>: channels [0, C/2) to <see cref="First"/>, [C/2, C) to <see cref="Second"/>.</summary>
internal sealed record ChannelSplitOp(string Name, string Input, string First, string Second, TensorShape InputShape) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => new[] { Input }.ToImmutableEquatableArray();
    /// <summary>The first half; the second is <see cref="Second"/>.</summary>
    public override string Output => First;
    public TensorShape HalfShape => InputShape with { Channels = InputShape.Channels / 2 };
    public override TensorShape OutputShape => HalfShape;
}

/// <summary><c>torch.cat(Parts, dim=1)</c>.</summary>
internal sealed record ConcatOp(string Name, ImmutableEquatableArray<string> Parts, string Out, TensorShape OutShape) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => Parts;
    public override string Output => Out;
    public override TensorShape OutputShape => OutShape;
}

/// <summary>The channel shuffle with <see cref="Groups"/> groups in the given order (see <see cref="ShuffleOrder"/>).</summary>
internal sealed record ChannelShuffleOp(string Name, string Input, string Out, TensorShape Shape, int Groups, ShuffleOrder Order) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => new[] { Input }.ToImmutableEquatableArray();
    public override string Output => Out;
    public override TensorShape OutputShape => Shape;

    /// <summary>The input channel that output channel <paramref name="outChannel"/> takes.</summary>
    public int SourceChannel(int outChannel) => ShuffleMath.SourceChannel(outChannel, Shape.Channels, Groups, Order);
}

/// <summary>Element-wise <c>A + B</c>.</summary>
internal sealed record AddOp(string Name, string A, string B, string Out, TensorShape Shape) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => new[] { A, B }.ToImmutableEquatableArray();
    public override string Output => Out;
    public override TensorShape OutputShape => Shape;
}

/// <summary><c>x.mean([2, 3])</c> (or global <c>AvgPool2d</c>): C×H×W to C×1×1.</summary>
internal sealed record GlobalAvgPoolOp(string Name, string Input, string Out, TensorShape InputShape) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => new[] { Input }.ToImmutableEquatableArray();
    public override string Output => Out;
    public override TensorShape OutputShape => new(InputShape.Channels, 1, 1);
}

/// <summary><c>nn.Linear(InFeatures, OutFeatures, bias=BiasKey != null)</c> on the flattened C×1×1 input.</summary>
internal sealed record LinearOp(string Name, string Input, string Out, int InFeatures, int OutFeatures, string WeightKey, string? BiasKey) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => new[] { Input }.ToImmutableEquatableArray();
    public override string Output => Out;
    public override TensorShape OutputShape => new(OutFeatures, 1, 1);
    public override long MultiplyAdds => (long)InFeatures * OutFeatures;
}

/// <summary>Index arithmetic of the channel shuffle, shared by the planner and the reference executor's description.</summary>
internal static class ShuffleMath
{
    /// <summary>
    /// Paper/torchvision: view (g, c/g) → transpose → out[j * g + i] = in[i * (c/g) + j].
    /// Megvii V1: view (c/g, g) → transpose → out[i * (c/g) + j] = in[j * g + i], the inverse.
    /// </summary>
    public static int SourceChannel(int outChannel, int channels, int groups, ShuffleOrder order)
    {
        int perGroup = channels / groups;
        if (order == ShuffleOrder.Paper)
        {
            int j = outChannel / groups, i = outChannel % groups;
            return i * perGroup + j;
        }
        else
        {
            int i = outChannel / perGroup, j = outChannel % perGroup;
            return j * groups + i;
        }
    }
}
