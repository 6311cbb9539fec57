using System;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// How a kernel shares a call out to the lanes of a team (<see cref="Part"/>): over pixels where each part gets enough whole
/// vectors, else over channels. The 1x1 conv, the depthwise conv and the pools apply the same rule to the same planes, so
/// a lane mostly reads pixels it wrote itself in the layer before and activations seldom move between cores.
/// </summary>
internal static class SplitPolicy
{
    /// <summary>Fewest whole vectors of pixels per part for a split over pixels (V2's 7x7 planes split over channels).</summary>
    public const int PixelSplitVectors = 4;

    /// <summary>Floats per vector of a path; 1 for scalar.</summary>
    public static int Lanes(VectorWidth path) => Math.Max(1, (int)path / 32);

    /// <summary>Whether <paramref name="pixels"/> per plane split into <paramref name="parts"/> over pixels.</summary>
    public static bool OverPixels(int pixels, VectorWidth path, int parts) => pixels / Lanes(path) >= PixelSplitVectors * parts;
}
