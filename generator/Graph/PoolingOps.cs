using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Graph;

/// <summary><c>nn.MaxPool2d(Kernel, Stride, Padding, ceil_mode=CeilMode)</c>: padding never wins the max.</summary>
internal sealed record MaxPoolOp(string Name, string Input, string Out, TensorShape InputShape, TensorShape OutShape, int Kernel, int Stride, int Padding) : LayerOp(Name)
{
    /// <summary>SqueezeNet's <c>ceil_mode=True</c>: the output size rounds up, so the last window may hang over the edge.</summary>
    public bool CeilMode { get; init; }

    public override ImmutableEquatableArray<string> Inputs => One(Input);
    public override string Output => Out;
    public override TensorShape OutputShape => OutShape;
    public override long MemoryAccess => InputShape.Elements + OutShape.Elements;
    public override string Description => $"MaxPool{Kernel}x{Kernel}/s{Stride}" + (CeilMode ? "/ceil" : "");
    public override T Accept<T>(ILayerOpVisitor<T> visitor) => visitor.Visit(this);
}

/// <summary><c>nn.AvgPool2d(Kernel, Stride, Padding, count_include_pad=CountIncludePad)</c>.</summary>
internal sealed record AvgPoolOp(string Name, string Input, string Out, TensorShape InputShape, TensorShape OutShape, int Kernel, int Stride, int Padding, bool CountIncludePad) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => One(Input);
    public override string Output => Out;
    public override TensorShape OutputShape => OutShape;
    public override long MemoryAccess => InputShape.Elements + OutShape.Elements;
    public override string Description => $"AvgPool{Kernel}x{Kernel}/s{Stride}";
    public override T Accept<T>(ILayerOpVisitor<T> visitor) => visitor.Visit(this);
}

/// <summary><c>x.mean([2, 3])</c> (or global <c>AvgPool2d</c>): C×H×W to C×1×1.</summary>
internal sealed record GlobalAvgPoolOp(string Name, string Input, string Out, TensorShape InputShape) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => One(Input);
    public override string Output => Out;
    public override TensorShape OutputShape => new(InputShape.Channels, 1, 1);
    public override long MemoryAccess => InputShape.Elements + InputShape.Channels;
    public override string Description => "GlobalAvgPool";
    public override T Accept<T>(ILayerOpVisitor<T> visitor) => visitor.Visit(this);
}
