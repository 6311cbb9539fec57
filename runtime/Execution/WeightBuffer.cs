using System;

namespace ShuffleNetGen.Runtime.Execution;

/// <summary>A loaded model's folded, packed weights: one pinned array whose offsets the generator fixed at build time.</summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class WeightBuffer
{
    private readonly float[] _data;
    private readonly int _first;
    private readonly int _floats;

    public WeightBuffer(int floats)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(floats);
        _floats = floats;
        _data = Alignment.AllocatePinned(floats, clear: true);
        _first = Alignment.FirstAligned(_data);
    }

    public Span<float> Span => _data.AsSpan(_first, _floats);
}
