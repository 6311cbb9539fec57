using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Graph;

/// <summary><c>nn.Conv2d(bias=BiasKey != null)</c>, square kernel, symmetric zero padding.</summary>
internal sealed record Conv2dOp(
    string Name, string Input, string Out, TensorShape InputShape, TensorShape OutShape,
    int Kernel, int Stride, int Padding, int Groups, string WeightKey, string? BiasKey) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => One(Input);
    public override string Output => Out;
    public override TensorShape OutputShape => OutShape;
    public bool IsDepthwise => Groups == InputShape.Channels && Groups == OutShape.Channels;

    public override ImmutableEquatableArray<WeightTensor> Weights => BiasKey is null
        ? new[] { WeightTensor.Parameter(WeightKey, OutShape.Channels, InputShape.Channels / Groups, Kernel, Kernel) }.ToImmutableEquatableArray()
        : new[]
        {
            WeightTensor.Parameter(WeightKey, OutShape.Channels, InputShape.Channels / Groups, Kernel, Kernel),
            WeightTensor.Parameter(BiasKey, OutShape.Channels),
        }.ToImmutableEquatableArray();

    public override long MultiplyAdds =>
        (long)OutShape.Channels * OutShape.Pixels * (InputShape.Channels / Groups) * Kernel * Kernel;

    public override long MemoryAccess => InputShape.Elements + OutShape.Elements + WeightElements;

    public override string Description =>
        IsDepthwise ? $"DepthwiseConv{Kernel}x{Kernel}/s{Stride}"
        : Groups > 1 ? $"GroupConv{Kernel}x{Kernel}/s{Stride}/g{Groups}"
        : $"Conv{Kernel}x{Kernel}/s{Stride}";

    public override T Accept<T>(ILayerOpVisitor<T> visitor) => visitor.Visit(this);
}
