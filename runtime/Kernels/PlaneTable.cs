using System;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// Reads a plane table: logical channel k lives in physical plane <c>planes[k]</c>, or plane k when the
/// table is empty. This is how the planner fuses split, concat and channel shuffle into the kernels.
/// </summary>
internal static class PlaneTable
{
    public static int Plane(ReadOnlySpan<int> planes, int channel) => planes.IsEmpty ? channel : planes[channel];

    /// <summary>The plane of <paramref name="channel"/> for a pinned table; <see langword="null"/> means identity.</summary>
    public static unsafe nint Plane(int* planes, int channel) => planes == null ? channel : planes[channel];
}
