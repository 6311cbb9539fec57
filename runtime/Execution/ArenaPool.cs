using System;
using System.Threading;

namespace ShuffleNetGen.Runtime.Execution;

/// <summary>
/// Activation arenas of one model instance: a call rents one, runs, and returns it. Concurrent calls each get their own;
/// after the first call per concurrent caller nothing is allocated (the slots keep the arenas).
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
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

    internal float[] Rent()
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            float[]? arena = Interlocked.Exchange(ref _slots[i], null);
            if (arena is not null) return arena;
        }
        return Allocate(_floats);
    }

    /// <summary>The arena's floats as the generated code addresses them: from its first 64-byte aligned element.</summary>
    /// <param name="arena">An array from <see cref="Rent"/>.</param>
    internal Span<float> Window(float[] arena) => WindowOf(arena, _floats);

    /// <summary>
    /// A new arena of <paramref name="floats"/> floats, allocated as <see cref="Rent"/> allocates one but in no pool yet:
    /// the kernel warm-up runs on it, then the model's first instance takes it over (<see cref="Adopt"/>).
    /// </summary>
    public static float[] Allocate(int floats)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(floats);
        return Alignment.AllocatePinned(floats, clear: false);
    }

    /// <summary>The <paramref name="floats"/> floats of an arena from <see cref="Allocate"/>, from its first 64-byte aligned element.</summary>
    public static Span<float> WindowOf(float[] arena, int floats) => Alignment.Window(arena, floats);

    /// <summary>
    /// Takes over an arena allocated for this pool's size elsewhere, or nothing for <see langword="null"/>. The generated
    /// <c>Load</c> hands over the kernel warm-up's arena: its pages are already mapped, and mapping a fresh arena's pages
    /// made the first <c>Predict</c> of V2 0.5x take ~14 ms instead of ~1 ms on this project's VM (~520 page faults).
    /// </summary>
    /// <exception cref="ArgumentException">The array is not an arena of this pool's size.</exception>
    public void Adopt(float[]? arena)
    {
        if (arena is null)
        {
            return;
        }

        int length = Alignment.PinnedLength(_floats);
        if (arena.Length != length)
        {
            throw new ArgumentException(
                $"An arena of this pool holds {length} floats (with its alignment slack), but this one has {arena.Length}.", nameof(arena));
        }

        Return(arena);
    }

    internal void Return(float[] arena)
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _slots[i], arena, null) is null) return;
        }
    }
}
