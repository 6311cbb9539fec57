using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Graph;

/// <summary><c>nn.Linear(InFeatures, OutFeatures, bias=BiasKey != null)</c> on the flattened C×1×1 input.</summary>
internal sealed record LinearOp(string Name, string Input, string Out, int InFeatures, int OutFeatures, string WeightKey, string? BiasKey) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => One(Input);
    public override string Output => Out;
    public override TensorShape OutputShape => new(OutFeatures, 1, 1);

    public override ImmutableEquatableArray<WeightTensor> Weights => BiasKey is null
        ? new[] { WeightTensor.Parameter(WeightKey, OutFeatures, InFeatures) }.ToImmutableEquatableArray()
        : new[] { WeightTensor.Parameter(WeightKey, OutFeatures, InFeatures), WeightTensor.Parameter(BiasKey, OutFeatures) }.ToImmutableEquatableArray();

    public override long MultiplyAdds => (long)InFeatures * OutFeatures;
    public override long MemoryAccess => InFeatures + OutFeatures + WeightElements;
    public override string Description => "Linear";
    public override T Accept<T>(ILayerOpVisitor<T> visitor) => visitor.Visit(this);
}
