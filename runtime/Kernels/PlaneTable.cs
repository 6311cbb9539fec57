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

    /// <summary>
    /// Channels <paramref name="first"/>..<paramref name="first"/>+<paramref name="count"/>-1 of planar data as channels
    /// 0..<paramref name="count"/>-1 (a kernel's part over channels): with an identity table the span starts at plane
    /// <paramref name="first"/> and keeps its end, a plane table is cut to those channels' entries.
    /// </summary>
    public static void Narrow(ref ReadOnlySpan<float> data, ref ReadOnlySpan<int> planes, int planeFloats, int first, int count)
    {
        if (planes.IsEmpty)
        {
            data = data[(first * planeFloats)..];
        }
        else
        {
            planes = planes.Slice(first, count);
        }
    }

    /// <inheritdoc cref="Narrow(ref ReadOnlySpan{float}, ref ReadOnlySpan{int}, int, int, int)"/>
    public static void Narrow(ref Span<float> data, ref ReadOnlySpan<int> planes, int planeFloats, int first, int count)
    {
        if (planes.IsEmpty)
        {
            data = data[(first * planeFloats)..];
        }
        else
        {
            planes = planes.Slice(first, count);
        }
    }
}
