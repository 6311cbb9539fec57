using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Graph;

/// <summary><c>x.chunk(2, dim=1)</c>: channels [0, C/2) to <see cref="First"/>, [C/2, C) to <see cref="Second"/>.</summary>
internal sealed record ChannelSplitOp(string Name, string Input, string First, string Second, TensorShape InputShape) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => One(Input);
    public override ImmutableEquatableArray<string> Outputs => new[] { First, Second }.ToImmutableEquatableArray();
    /// <summary>The first half; the second is <see cref="Second"/>.</summary>
    public override string Output => First;
    public TensorShape HalfShape => InputShape with { Channels = InputShape.Channels / 2 };
    public override TensorShape OutputShape => HalfShape;
    public override long MemoryAccess => 2 * InputShape.Elements;
    public override string Description => "ChannelSplit";
    public override T Accept<T>(ILayerOpVisitor<T> visitor) => visitor.Visit(this);
}

/// <summary><c>torch.cat(Parts, dim=1)</c>.</summary>
internal sealed record ConcatOp(string Name, ImmutableEquatableArray<string> Parts, string Out, TensorShape OutShape) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => Parts;
    public override string Output => Out;
    public override TensorShape OutputShape => OutShape;
    public override long MemoryAccess => 2 * OutShape.Elements;
    public override string Description => "Concat";
    public override T Accept<T>(ILayerOpVisitor<T> visitor) => visitor.Visit(this);
}

/// <summary>The channel shuffle with <see cref="Groups"/> groups in the given order (see <see cref="ShuffleOrder"/>).</summary>
internal sealed record ChannelShuffleOp(string Name, string Input, string Out, TensorShape Shape, int Groups, ShuffleOrder Order) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => One(Input);
    public override string Output => Out;
    public override TensorShape OutputShape => Shape;
    public override long MemoryAccess => 2 * Shape.Elements;
    public override string Description => $"ChannelShuffle/g{Groups}";
    public override T Accept<T>(ILayerOpVisitor<T> visitor) => visitor.Visit(this);

    /// <summary>The input channel that output channel <paramref name="outChannel"/> takes.</summary>
    public int SourceChannel(int outChannel) => ShuffleMath.SourceChannel(outChannel, Shape.Channels, Groups, Order);
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
