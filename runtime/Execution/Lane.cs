using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Runtime.Execution;

/// <summary>
/// One thread's seat in a team that runs one image together. Every lane runs the same generated sequence of kernel
/// calls: each call computes this lane's <see cref="Part"/>, and <see cref="Sync"/> stands between a call and the next
/// one that reads what it wrote. <see cref="Solo"/> is a team of one: the whole of every call, no waiting.
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class Lane
{
    private readonly ILaneBarrier? _barrier;

    internal Lane(ILaneBarrier? barrier, int index, int count)
    {
        _barrier = barrier;
        Index = index;
        Count = count;
        Part = count == 1 ? Part.Whole : new Part(index, count);
    }

    /// <summary>A lane that runs every call whole, alone.</summary>
    public static Lane Solo { get; } = new(null, 0, 1);

    /// <summary>This lane's number in its team, from 0 (the calling thread).</summary>
    public int Index { get; }

    /// <summary>Lanes in the team.</summary>
    public int Count { get; }

    /// <summary>The share of each split kernel call this lane computes.</summary>
    public Part Part { get; }

    /// <summary>Barriers this lane has passed in the current image (the team's count of arrivals is compared with it).</summary>
    internal int Phase { get; set; }

    /// <summary>Waits until every lane of the team has finished the calls before this point; returns at once for <see cref="Solo"/>.</summary>
    public void Sync() => _barrier?.Barrier(this);
}

/// <summary>What <see cref="Lane.Sync"/> waits on: the team's barrier (tests put a deterministic scheduler here).</summary>
internal interface ILaneBarrier
{
    /// <summary>Returns once every lane of <paramref name="lane"/>'s team has arrived at this barrier.</summary>
    void Barrier(Lane lane);
}
