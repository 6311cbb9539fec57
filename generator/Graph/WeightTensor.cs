using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Graph;

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

    public static WeightTensor Parameter(string key, params int[] shape) => new(key, shape.ToImmutableEquatableArray(), WeightRole.Parameter);

    public static WeightTensor Statistic(string key, params int[] shape) => new(key, shape.ToImmutableEquatableArray(), WeightRole.RunningStatistic);
}
