using System;
using System.Runtime.CompilerServices;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class DepthwiseConv3x3
{
    /// <summary>
    /// Scratch floats for the flat stride-1 path: two copies of a plane (this channel's and the next one's), each with a
    /// zero row's worth (width + 1) before and after it, then the left and right column masks, one float per pixel each.
    /// </summary>
    internal static int FlatScratchFloats(int height, int width) => (4 * height * width) + (4 * (width + 1));

    /// <summary>
    /// Stride 1 on a plane small enough for the scratch: the plane is one flat row of height * width pixels, so
    /// vectors run across row ends (a 7x7 plane is 4 vectors of 16, not 7 rows of 2 vectors of 4). A tap one column
    /// left or right of a row end wraps into the neighbouring row; the per-pixel masks (all bits set inside, clear at
    /// that edge) select those taps away, so an infinite value wrapped in cannot leak a NaN, and the zeros around the plane are the top and bottom padding rows.
    /// The next channel is copied into the other half of the scratch before this one is computed: the computation then
    /// reads stores that retired long ago, where reading the copy just made stalls on store-to-load forwarding (the
    /// shifted loads straddle the copy's stores): on Zen 5 that cost a quarter to 40% of the kernel (116@14x14 10.5 → 7.6 µs,
    /// 232@7x7 9.4 → 5.5 µs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunFlat<TVec, TOps, TActivation>(in Window window, ReadOnlySpan<float> weights, int weightStride,
        ReadOnlySpan<float> bias, int biasStride, Span<float> scratch, Part part)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        int lanes = TOps.Count;
        int width = window.Width;
        int pixels = window.InputPixels;

        // A part computes output pixels [first, end) (whole vectors but the plane's last) and copies only the input
        // rows they read; a part is at least one vector (SplitPolicy), so its last vector overlaps only its own pixels.
        (int first, int end) = part.Range(pixels, lanes);
        if (first == end)
        {
            return;
        }

        int last = end - lanes;
        int copyFirst = Math.Max(0, (first / width) - 1) * width;
        int copyEnd = Math.Min(window.Height, ((end - 1) / width) + 2) * width;
        ReadOnlySpan<int> inputPlanes = window.InputPlanes, outputPlanes = window.OutputPlanes;
        scratch.Clear();
        int padded = pixels + (2 * (width + 1));
        Span<float> leftMask = scratch.Slice(2 * padded, pixels);
        Span<float> rightMask = scratch.Slice((2 * padded) + pixels, pixels);
        float set = BitConverter.Int32BitsToSingle(-1);
        for (int i = 0; i < pixels; i++)
        {
            int x = i % width;
            leftMask[i] = x == 0 ? 0f : set;
            rightMask[i] = x == width - 1 ? 0f : set;
        }

        fixed (float* input = window.Input)
        fixed (float* output = window.Output)
        fixed (float* weightBase = weights)
        fixed (float* biasBase = bias)
        fixed (float* start = scratch)
        {
            float* current = start + width + 1;
            float* next = current + padded;
            float* left = start + (2 * padded);
            float* right = left + pixels;
            CopyRow<TVec, TOps>(input + ((nint)PlaneTable.Plane(inputPlanes, 0) * pixels) + copyFirst, current + copyFirst, copyEnd - copyFirst);
            for (int c = 0; c < window.Channels; c++)
            {
                if (c + 1 < window.Channels)
                {
                    CopyRow<TVec, TOps>(input + ((nint)PlaneTable.Plane(inputPlanes, c + 1) * pixels) + copyFirst, next + copyFirst, copyEnd - copyFirst);
                }

                float* plane = current;
                current = next;
                next = plane;
                float* destination = output + ((nint)PlaneTable.Plane(outputPlanes, c) * pixels);
                float* w = weightBase + ((nint)c * weightStride);
                TVec b = TOps.Broadcast(biasBase[c * biasStride]);
                TVec w0 = TOps.Broadcast(w[0]), w1 = TOps.Broadcast(w[1]), w2 = TOps.Broadcast(w[2]);
                TVec w3 = TOps.Broadcast(w[3]), w4 = TOps.Broadcast(w[4]), w5 = TOps.Broadcast(w[5]);
                TVec w6 = TOps.Broadcast(w[6]), w7 = TOps.Broadcast(w[7]), w8 = TOps.Broadcast(w[8]);
                for (int i = first; ; i += lanes)
                {
                    i = Math.Min(i, last);
                    float* above = plane + i - width, middle = plane + i, below = plane + i + width;
                    TVec centre = TOps.MultiplyAdd(TOps.Load(above), w1, b);
                    centre = TOps.MultiplyAdd(TOps.Load(middle), w4, centre);
                    centre = TOps.MultiplyAdd(TOps.Load(below), w7, centre);
                    TVec west = TOps.MultiplyAdd(TOps.Load(above - 1), w0, TOps.Zero);
                    west = TOps.MultiplyAdd(TOps.Load(middle - 1), w3, west);
                    west = TOps.MultiplyAdd(TOps.Load(below - 1), w6, west);
                    TVec east = TOps.MultiplyAdd(TOps.Load(above + 1), w2, TOps.Zero);
                    east = TOps.MultiplyAdd(TOps.Load(middle + 1), w5, east);
                    east = TOps.MultiplyAdd(TOps.Load(below + 1), w8, east);
                    TVec sum = TOps.Add(centre, TOps.Select(TOps.Load(left + i), west, TOps.Zero));
                    sum = TOps.Add(sum, TOps.Select(TOps.Load(right + i), east, TOps.Zero));
                    TOps.Store(destination + i, TOps.Activate<TActivation>(sum));
                    if (i == last)
                    {
                        break;
                    }
                }
            }
        }
    }
}
