using System;

namespace ShuffleNetGen.Runtime.Execution;

/// <summary>What a generated <c>PredictFeatures</c> needs: length checks, an arena, and copying a tensor's planes out in channel order.</summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class FeatureRunner
{
    /// <exception cref="ArgumentException"><paramref name="actual"/> is not <paramref name="expected"/>.</exception>
    public static void CheckLength(int actual, int expected, string name, string shape)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} must hold {shape} = {expected} floats, but has {actual}.", name);
        }
    }

    public static float[] Rent(ArenaPool arenas)
    {
        ArgumentNullException.ThrowIfNull(arenas);
        return arenas.Rent();
    }

    public static Span<float> Window(ArenaPool arenas, float[] arena) => arenas.Window(arena);

    public static void Return(ArenaPool arenas, float[] arena) => arenas.Return(arena);

    /// <summary>
    /// Copies <paramref name="channels"/> planes of <paramref name="pixels"/> floats: channel k from plane
    /// <c>planes[k]</c> of <paramref name="source"/>, or from plane k when <paramref name="planes"/> is null.
    /// </summary>
    public static void CopyPlanes(ReadOnlySpan<float> source, int[]? planes, int channels, int pixels, Span<float> destination)
    {
        if (planes is null)
        {
            source.Slice(0, channels * pixels).CopyTo(destination);
            return;
        }
        for (int k = 0; k < channels; k++) source.Slice(planes[k] * pixels, pixels).CopyTo(destination.Slice(k * pixels, pixels));
    }
}
