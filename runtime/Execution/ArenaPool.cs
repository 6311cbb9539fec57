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
        return Alignment.AllocatePinned(_floats, clear: false);
    }

    /// <summary>The arena's floats as the generated code addresses them: from its first 64-byte aligned element.</summary>
    /// <param name="arena">An array from <see cref="Rent"/>.</param>
    public Span<float> Window(float[] arena) => Alignment.Window(arena, _floats);

    public void Return(float[] arena)
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _slots[i], arena, null) is null) return;
        }
    }
}
