using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Graph;

/// <summary>
/// <c>nn.BatchNorm2d</c> in eval mode. Its state_dict keys are spelled here and nowhere else in the generator:
/// <c>{Name}.weight/.bias</c> (learned), <c>.running_mean/.running_var</c> (statistics), <c>.num_batches_tracked</c> (unused in eval).
/// </summary>
internal sealed record BatchNormOp(string Name, string Input, string Out, TensorShape Shape, double Epsilon) : LayerOp(Name)
{
    public string WeightKey => Name + ".weight";
    public string BiasKey => Name + ".bias";
    public string RunningMeanKey => Name + ".running_mean";
    public string RunningVarKey => Name + ".running_var";
    /// <summary>The int64 counter PyTorch saves beside the statistics; files may hold it, the model never reads it.</summary>
    public string NumBatchesTrackedKey => Name + ".num_batches_tracked";

    public override ImmutableEquatableArray<string> Inputs => One(Input);
    public override string Output => Out;
    public override TensorShape OutputShape => Shape;

    public override ImmutableEquatableArray<WeightTensor> Weights => new[]
    {
        WeightTensor.Parameter(WeightKey, Shape.Channels),
        WeightTensor.Parameter(BiasKey, Shape.Channels),
        WeightTensor.Statistic(RunningMeanKey, Shape.Channels),
        WeightTensor.Statistic(RunningVarKey, Shape.Channels),
    }.ToImmutableEquatableArray();

    public override long MemoryAccess => 2 * Shape.Elements + WeightElements;
    public override string Description => "BatchNorm";
    public override T Accept<T>(ILayerOpVisitor<T> visitor) => visitor.Visit(this);
}
