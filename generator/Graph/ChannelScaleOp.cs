using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Graph;

/// <summary>
/// <c>scale * input</c> with a C×1×1 <see cref="Scale"/>: the last line of torchvision's <c>SqueezeExcitation.forward</c>,
/// each channel of <see cref="Input"/> multiplied by its gate.
/// </summary>
internal sealed record ChannelScaleOp(string Name, string Input, string Scale, string Out, TensorShape Shape) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => new[] { Input, Scale }.ToImmutableEquatableArray();
    public override string Output => Out;
    public override TensorShape OutputShape => Shape;
    public override long MemoryAccess => 2 * Shape.Elements + Shape.Channels;
    public override string Description => "ChannelScale";
    public override T Accept<T>(ILayerOpVisitor<T> visitor) => visitor.Visit(this);
}
