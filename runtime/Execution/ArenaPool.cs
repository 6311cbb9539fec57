using System;
using System.Threading;

namespace ShuffleNetGen.Runtime.Execution;

/// <summary>
/// Activation arenas of one model instance: a call rents one, runs, and returns it. Concurrent calls each get their own;
/// after the first call per concurrent caller nothing is allocated (the slots keep the arenas).
/// </summary>
public sealed class ArenaPool
{
    private readonly int _floats;
    private readonly float[]?[] _slots;

    public ArenaPool(int floats)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(floats);
        _floats = floats;
        _slots = new float[Math.Max(2, Environment.ProcessorCount * 2)][];
    }

    public float[] Rent()
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            float[]? arena = Interlocked.Exchange(ref _slots[i], null);
            if (arena is not null) return arena;
        }
        return GC.AllocateUninitializedArray<float>(_floats, pinned: true);
    }

    public void Return(float[] arena)
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _slots[i], arena, null) is null) return;
        }
    }
}
