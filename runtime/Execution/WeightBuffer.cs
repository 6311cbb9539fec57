using System;

namespace ShuffleNetGen.Runtime.Execution;

/// <summary>A loaded model's folded, packed weights: one pinned array whose offsets the generator fixed at build time.</summary>
public sealed class WeightBuffer
{
    private readonly float[] _data;

    public WeightBuffer(int floats)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(floats);
        _data = GC.AllocateArray<float>(floats, pinned: true);
    }

    public Span<float> Span => _data;
}
