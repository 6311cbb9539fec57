using System;

namespace ShuffleNetGen.Runtime.Execution;

/// <summary>
/// 64-byte (cache-line, one <c>Vector512</c>) alignment of the pinned arrays weights and activations live in. The
/// generator places every tensor at a multiple of 16 floats from the start of its buffer; this puts that start on a
/// cache line, so a whole vector never straddles two lines (the classifier's weight stream ran up to 2x slower cold
/// at 16- and 32-byte offsets on Zen 5).
/// </summary>
internal static class Alignment
{
    /// <summary>Floats in one alignment unit (64 bytes).</summary>
    public const int Floats = 16;

    /// <summary>A pinned array with room for <paramref name="floats"/> floats from its first 64-byte aligned element.</summary>
    public static float[] AllocatePinned(int floats, bool clear) => clear
        ? GC.AllocateArray<float>(PinnedLength(floats), pinned: true)
        : GC.AllocateUninitializedArray<float>(PinnedLength(floats), pinned: true);

    /// <summary>Length of the array <see cref="AllocatePinned"/> makes for <paramref name="floats"/> floats: room for them at any alignment.</summary>
    public static int PinnedLength(int floats) => floats + Floats - 1;

    /// <summary>The <paramref name="floats"/> floats of a pinned array from <see cref="AllocatePinned"/>, starting at its first aligned element.</summary>
    public static Span<float> Window(float[] pinned, int floats) => pinned.AsSpan(FirstAligned(pinned), floats);

    /// <summary>Index of a pinned array's first 64-byte aligned element (fixed for the array's life: pinned arrays never move).</summary>
    public static unsafe int FirstAligned(float[] pinned)
    {
        fixed (float* start = pinned)
        {
            return (int)((Floats - (((nuint)start / sizeof(float)) % Floats)) % Floats);
        }
    }
}
