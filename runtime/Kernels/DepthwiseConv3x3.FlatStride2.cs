using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class DepthwiseConv3x3
{
    /// <summary>
    /// Floats of one channel's parity planes for the flat stride-2 path: for the even padded rows (outHeight + 1 of them)
    /// and the odd ones (outHeight), three planes of outWidth columns each (input columns 2x-1, 2x and 2x+1), each with
    /// two vectors of slack after it for the whole-vector row stores that run past a row's end.
    /// </summary>
    private static int ParityPlanesFloats(int outHeight, int outWidth, int lanes) =>
        3 * (ParityPlaneFloats(outHeight + 1, outWidth, lanes) + ParityPlaneFloats(outHeight, outWidth, lanes));

    /// <summary>Floats of one parity plane of <paramref name="rows"/> rows, with its two vectors of slack.</summary>
    private static int ParityPlaneFloats(int rows, int outWidth, int lanes) => (rows * outWidth) + (2 * lanes);

    /// <summary>Scratch floats of the flat stride-2 path: two channels' parity planes (the next is built while this one is computed).</summary>
    internal static int FlatStride2ScratchFloats(int outHeight, int outWidth) => 2 * ParityPlanesFloats(outHeight, outWidth, 16);

    /// <summary>
    /// Stride 2 on a plane small enough for the scratch (V2's 28x28 and 14x14 inputs). Each channel's input is split once
    /// into six parity planes of the output's shape: padded rows 2i (even: input row 2i-1, zero above the image) and 2i+1
    /// (odd: input row 2i), each as the input columns 2x-1, 2x and 2x+1 of output column x. Then output pixel (y, x) is
    /// nine taps at the same flat index y * outWidth + x of those planes, or one row further on in the even ones: the
    /// output plane is computed as one flat run of whole vectors (a 7x7 output is 4 vectors of 16, not 7 rows of a 4-lane
    /// vector and a half), with no masks — the padding is zeros the split wrote. The split stores whole vectors at each
    /// row start; what runs past a row's end is overwritten by the next row (or lands in the slack), and the left-shifted
    /// plane is the same vector stored one float further on. The next channel is split before this one is computed, so
    /// the computation reads stores that have retired.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunFlatStride2<TVec, TOps, TActivation>(in Window window, ReadOnlySpan<float> weights, int weightStride,
        ReadOnlySpan<float> bias, int biasStride, Span<float> scratch, Part part)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        int lanes = TOps.Count;
        int outHeight = window.OutHeight, outWidth = window.OutWidth;
        int outputPixels = window.OutputPixels, inputPixels = window.InputPixels;
        int planes = ParityPlanesFloats(outHeight, outWidth, lanes);

        // A part computes output pixels [first, end) and splits only the parity rows they read (see RunFlat).
        (int first, int end) = part.Range(outputPixels, lanes);
        if (first == end)
        {
            return;
        }

        int last = end - lanes;
        int firstRow = first / outWidth, lastRow = (end - 1) / outWidth;
        ReadOnlySpan<int> inputPlanes = window.InputPlanes, outputPlanes = window.OutputPlanes;
        fixed (float* input = window.Input)
        fixed (float* output = window.Output)
        fixed (float* weightBase = weights)
        fixed (float* biasBase = bias)
        fixed (float* start = scratch)
        {
            float* inputEnd = input + window.Input.Length;
            float* current = start;
            float* next = start + planes;
            SplitParity<TVec, TOps>(window, input + ((nint)PlaneTable.Plane(inputPlanes, 0) * inputPixels), inputEnd, current, firstRow, lastRow);
            int evenPlane = ParityPlaneFloats(outHeight + 1, outWidth, lanes);
            int oddPlane = ParityPlaneFloats(outHeight, outWidth, lanes);
            for (int c = 0; c < window.Channels; c++)
            {
                if (c + 1 < window.Channels)
                {
                    SplitParity<TVec, TOps>(window, input + ((nint)PlaneTable.Plane(inputPlanes, c + 1) * inputPixels), inputEnd, next, firstRow, lastRow);
                }

                float* evenLeft = current, evenMiddle = evenLeft + evenPlane, evenRight = evenMiddle + evenPlane;
                float* oddLeft = evenRight + evenPlane, oddMiddle = oddLeft + oddPlane, oddRight = oddMiddle + oddPlane;
                float* destination = output + ((nint)PlaneTable.Plane(outputPlanes, c) * outputPixels);
                float* w = weightBase + ((nint)c * weightStride);
                TVec b = TOps.Broadcast(biasBase[c * biasStride]);
                TVec w0 = TOps.Broadcast(w[0]), w1 = TOps.Broadcast(w[1]), w2 = TOps.Broadcast(w[2]);
                TVec w3 = TOps.Broadcast(w[3]), w4 = TOps.Broadcast(w[4]), w5 = TOps.Broadcast(w[5]);
                TVec w6 = TOps.Broadcast(w[6]), w7 = TOps.Broadcast(w[7]), w8 = TOps.Broadcast(w[8]);
                for (int i = first; ; i += lanes)
                {
                    i = Math.Min(i, last);
                    int below = i + outWidth;
                    TVec top = TOps.MultiplyAdd(TOps.Load(evenLeft + i), w0, b);
                    top = TOps.MultiplyAdd(TOps.Load(evenMiddle + i), w1, top);
                    top = TOps.MultiplyAdd(TOps.Load(evenRight + i), w2, top);
                    TVec middle = TOps.MultiplyAdd(TOps.Load(oddLeft + i), w3, TOps.Zero);
                    middle = TOps.MultiplyAdd(TOps.Load(oddMiddle + i), w4, middle);
                    middle = TOps.MultiplyAdd(TOps.Load(oddRight + i), w5, middle);
                    TVec bottom = TOps.MultiplyAdd(TOps.Load(evenLeft + below), w6, TOps.Zero);
                    bottom = TOps.MultiplyAdd(TOps.Load(evenMiddle + below), w7, bottom);
                    bottom = TOps.MultiplyAdd(TOps.Load(evenRight + below), w8, bottom);
                    TVec sum = TOps.Add(TOps.Add(top, middle), bottom);
                    TOps.Store(destination + i, TOps.Activate<TActivation>(sum));
                    if (i == last)
                    {
                        break;
                    }
                }

                float* done = current;
                current = next;
                next = done;
            }
        }
    }

    /// <summary>
    /// Splits one input plane into the six parity planes <see cref="RunFlatStride2{TVec, TOps, TActivation}"/> reads, at <paramref name="planes"/>:
    /// the rows output rows <paramref name="firstRow"/>..<paramref name="lastRow"/> read (even padded rows one further).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void SplitParity<TVec, TOps>(in Window window, float* source, float* inputEnd, float* planes, int firstRow, int lastRow)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int lanes = TOps.Count;
        int height = window.Height, width = window.Width;
        int outHeight = window.OutHeight, outWidth = window.OutWidth;
        int evenPlane = ParityPlaneFloats(outHeight + 1, outWidth, lanes);
        int oddPlane = ParityPlaneFloats(outHeight, outWidth, lanes);
        float* evenLeft = planes, oddLeft = planes + (3 * evenPlane);
        for (int i = firstRow; i <= lastRow + 1; i++)
        {
            // Even padded row 2i is input row 2i - 1: above the image for i = 0, below it for an odd height's last i.
            int iy = (2 * i) - 1;
            float* left = evenLeft + ((nint)i * outWidth);
            if ((uint)iy < (uint)height)
            {
                SplitRow<TVec, TOps>(source + ((nint)iy * width), width, outWidth, inputEnd, left, evenPlane);
            }
            else
            {
                new Span<float>(left, outWidth).Clear();
                new Span<float>(left + evenPlane, outWidth).Clear();
                new Span<float>(left + (2 * evenPlane), outWidth).Clear();
            }
        }

        for (int i = firstRow; i <= lastRow; i++)
        {
            // Odd padded row 2i + 1 is input row 2i, always inside the image.
            SplitRow<TVec, TOps>(source + ((nint)(2 * i) * width), width, outWidth, inputEnd, oddLeft + ((nint)i * outWidth), oddPlane);
        }
    }

    /// <summary>
    /// One input row into its three parity rows: <c>left[x] = row[2x-1]</c> (zero for x = 0), <c>middle[x] = row[2x]</c>,
    /// <c>right[x] = row[2x+1]</c> (zero past an odd width's end), <paramref name="plane"/> floats apart. Whole vectors are
    /// stored from the row start and may run past it into the next row (rewritten next) or the slack.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void SplitRow<TVec, TOps>(float* row, int width, int outWidth, float* inputEnd, float* left, int plane)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int lanes = TOps.Count;
        float* middle = left + plane, right = middle + plane;
        for (int x = 0; x < outWidth; x += lanes)
        {
            float* pair = row + (2 * x);
            if (pair + (2 * lanes) <= inputEnd)
            {
                TOps.LoadDeinterleaved(pair, out TVec even, out TVec odd);
                TOps.Store(middle + x, even);
                TOps.Store(right + x, odd);
                TOps.Store(left + x + 1, odd);
            }
            else
            {
                // The end of the input span: no whole vector to read, so this row's last columns one by one.
                for (int j = x; j < outWidth; j++)
                {
                    middle[j] = row[2 * j];
                    float oddColumn = (2 * j) + 1 < width ? row[(2 * j) + 1] : 0f;
                    right[j] = oddColumn;
                    left[j + 1] = oddColumn;
                }
            }
        }

        left[0] = 0f;
        if ((width & 1) != 0)
        {
            // Column 2 * outWidth - 1 is past an odd width's end: the right padding.
            right[outWidth - 1] = 0f;
        }
    }
}
