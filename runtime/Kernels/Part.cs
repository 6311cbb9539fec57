using System;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// Which share of one kernel call a thread computes when the threads of a team run an image together: part
/// <see cref="Index"/> of <see cref="Count"/>. The parts of one call write disjoint outputs, and together they compute
/// exactly what the whole call computes, value for value. <c>default</c> is the whole call.
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public readonly struct Part : IEquatable<Part>
{
    private readonly int _count;

    /// <summary>Part <paramref name="index"/> of <paramref name="count"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive, or <paramref name="index"/> is not in 0..count-1.</exception>
    public Part(int index, int count)
    {
        if (count <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "A call splits into at least 1 part.");
        }

        if ((uint)index >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The part index must be in 0..{count - 1}.");
        }

        Index = index;
        _count = count;
    }

    /// <summary>The whole call, as one part.</summary>
    public static Part Whole => default;

    /// <summary>This part's number, from 0.</summary>
    public int Index { get; }

    /// <summary>How many parts the call is split into; 1 for <see cref="Whole"/>.</summary>
    public int Count => _count == 0 ? 1 : _count;

    /// <summary>Whether this is the whole call.</summary>
    public bool IsWhole => Count == 1;

    /// <summary>
    /// This part's share of <paramref name="units"/> work items cut in chunks of <paramref name="granule"/>: part i gets
    /// chunks <c>[chunks * i / Count, chunks * (i + 1) / Count)</c>, so shares differ by at most one chunk, and the last
    /// part ends the range (its last chunk may be short).
    /// </summary>
    /// <returns>The half-open range <c>[Start, End)</c>; empty when there are fewer chunks than parts.</returns>
    public (int Start, int End) Range(int units, int granule = 1)
    {
        if (IsWhole)
        {
            return (0, units);
        }

        long chunks = ((long)units + granule - 1) / granule;
        int start = (int)Math.Min(units, chunks * Index / Count * granule);
        int end = (int)Math.Min(units, chunks * (Index + 1) / Count * granule);
        return (start, end);
    }

    /// <inheritdoc/>
    public bool Equals(Part other) => Index == other.Index && Count == other.Count;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Part other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Index, Count);

    /// <inheritdoc/>
    public override string ToString() => $"part {Index} of {Count}";

    public static bool operator ==(Part left, Part right) => left.Equals(right);

    public static bool operator !=(Part left, Part right) => !left.Equals(right);
}
