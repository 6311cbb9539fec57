using System;
using System.Runtime.CompilerServices;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class DepthwiseConv5x5
{
    /// <summary>
    /// Floats of one parity plane of the flat stride-2 path: a guard float, a zero row of <paramref name="outWidth"/>,
    /// <paramref name="outHeight"/> rows, a zero row, a guard float, and a vector of slack for the split's whole-vector stores.
    /// </summary>
    private static int ParityPlaneFloats(int outHeight, int outWidth, int lanes) => ((outHeight + 2) * outWidth) + 2 + lanes;

    /// <summary>Scratch floats of the flat stride-2 path: the two column masks, and four parity planes for each of two channels.</summary>
    internal static int FlatStride2ScratchFloats(int outHeight, int outWidth) =>
        (2 * outHeight * outWidth) + (8 * ParityPlaneFloats(outHeight, outWidth, 16));

    /// <summary>
    /// Stride 2 on a small plane (MobileNet V3's 56x56, 28x28 and 14x14 inputs): each channel's input is split once into its
    /// four parity planes (even or odd rows by even or odd columns), each of the output's shape between zero rows, so that
    /// output pixel (y, x) reads all 25 taps as contiguous loads at flat index <c>y * outWidth + x</c> of one of the planes,
    /// a row up or down and a column left or right: kernel columns 0 and 1 are the even and odd planes one column left,
    /// 2 and 3 the same column, 4 the even plane one column right. The output plane is then one flat run of whole vectors
    /// (a 7x7 output is 4 vectors of 16) with the taps in registers; the chains of the left and right kernel columns are
    /// masked off where they wrap round a row end (<see cref="RunFlat{TVec, TOps, TActivation}"/>). With <paramref name="paired"/>
    /// (an output row about a vector long: 7 at 8 lanes, 14 and 28 at 16) the vectors go down each column chunk in pairs one
    /// output row apart instead, as stride 1's <see cref="RunFlatRows{TVec, TOps, TRows, TActivation}"/> does (25-40% faster on
    /// V3's shapes). The next channel is split before this one is computed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunFlatStride2<TVec, TOps, TActivation>(in Window window, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        bool paired)
        where TVec : unmanaged
        where TOps : IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        int lanes = TOps.Count;
        int outHeight = window.OutHeight, outWidth = window.OutWidth, outputPixels = window.OutputPixels, inputPixels = window.InputPixels;
        int last = outputPixels - lanes, lastChunk = Math.Max(0, outWidth - lanes);
        int planeFloats = ParityPlaneFloats(outHeight, outWidth, lanes);
        int scratchFloats = (2 * outputPixels) + (8 * planeFloats);
        float* scratch = stackalloc float[scratchFloats];
        new Span<float>(scratch, scratchFloats).Clear();

        float* left = scratch, right = left + outputPixels;
        float set = MaskSet;
        for (int x = 0; x < outWidth; x++)
        {
            left[x] = x >= 1 ? set : 0f;
            right[x] = x + 1 < outWidth ? set : 0f;
        }

        for (int y = 1; y < outHeight; y++)
        {
            new ReadOnlySpan<float>(left, outWidth).CopyTo(new Span<float>(left + (y * outWidth), outWidth));
            new ReadOnlySpan<float>(right, outWidth).CopyTo(new Span<float>(right + (y * outWidth), outWidth));
        }

        // Each channel's planes: even rows x even columns, even x odd, odd x even, odd x odd; row 0 of each at outWidth + 1.
        float* current = scratch + (2 * outputPixels) + outWidth + 1;
        float* next = current + (4 * planeFloats);
        ReadOnlySpan<int> inputPlanes = window.InputPlanes, outputPlanes = window.OutputPlanes;
        fixed (float* source = window.Input, target = window.Output, allTaps = weights, biasBase = bias)
        {
            float* inputEnd = source + window.Input.Length;
            SplitParity<TVec, TOps>(window, source + ((nint)PlaneTable.Plane(inputPlanes, 0) * inputPixels), inputEnd, current, planeFloats);
            for (int c = 0; c < window.Channels; c++)
            {
                if (c + 1 < window.Channels)
                {
                    SplitParity<TVec, TOps>(window, source + ((nint)PlaneTable.Plane(inputPlanes, c + 1) * inputPixels), inputEnd, next, planeFloats);
                }

                float* ee = current, eo = ee + planeFloats, oe = eo + planeFloats, oo = oe + planeFloats;
                current = next;
                next = ee;
                float* destination = target + ((nint)PlaneTable.Plane(outputPlanes, c) * outputPixels);
                float* k = allTaps + ((nint)c * Taps);
                TVec b = TOps.Broadcast(biasBase[c]);
                TVec w0 = TOps.Broadcast(k[0]), w1 = TOps.Broadcast(k[1]), w2 = TOps.Broadcast(k[2]), w3 = TOps.Broadcast(k[3]), w4 = TOps.Broadcast(k[4]);
                TVec w5 = TOps.Broadcast(k[5]), w6 = TOps.Broadcast(k[6]), w7 = TOps.Broadcast(k[7]), w8 = TOps.Broadcast(k[8]), w9 = TOps.Broadcast(k[9]);
                TVec w10 = TOps.Broadcast(k[10]), w11 = TOps.Broadcast(k[11]), w12 = TOps.Broadcast(k[12]), w13 = TOps.Broadcast(k[13]), w14 = TOps.Broadcast(k[14]);
                TVec w15 = TOps.Broadcast(k[15]), w16 = TOps.Broadcast(k[16]), w17 = TOps.Broadcast(k[17]), w18 = TOps.Broadcast(k[18]), w19 = TOps.Broadcast(k[19]);
                TVec w20 = TOps.Broadcast(k[20]), w21 = TOps.Broadcast(k[21]), w22 = TOps.Broadcast(k[22]), w23 = TOps.Broadcast(k[23]), w24 = TOps.Broadcast(k[24]);
                if (paired)
                {
                    // Vectors about an output row long, in pairs one output row apart down each column chunk (as stride 1's
                    // RunFlatRows): the pair reads 4 even-row and 3 odd-row taps per kernel column, 35 loads, not 50.
                    for (int x0 = 0; ; x0 += lanes)
                    {
                        x0 = Math.Min(x0, lastChunk);
                        for (int y = 0; ; y += 2)
                        {
                            int lower = Math.Min((Math.Min(y + 1, outHeight - 1) * outWidth) + x0, last);
                            int upper = lower - outWidth;
                            float* eu = ee + upper, eou = eo + upper, oeu = oe + upper, oou = oo + upper;
                            ColumnStride2<TVec, TOps>(eu, oeu, outWidth, w2, w7, w12, w17, w22, b, out TVec centreUp, out TVec centreDown);
                            ColumnStride2<TVec, TOps>(eou, oou, outWidth, w3, w8, w13, w18, w23, TOps.Zero, out TVec eastUp, out TVec eastDown);
                            ColumnStride2<TVec, TOps>(eu - 1, oeu - 1, outWidth, w0, w5, w10, w15, w20, TOps.Zero, out TVec farWestUp, out TVec farWestDown);
                            ColumnStride2<TVec, TOps>(eou - 1, oou - 1, outWidth, w1, w6, w11, w16, w21, TOps.Zero, out TVec westUp, out TVec westDown);
                            ColumnStride2<TVec, TOps>(eu + 1, oeu + 1, outWidth, w4, w9, w14, w19, w24, TOps.Zero, out TVec farEastUp, out TVec farEastDown);
                            TVec leftMask = TOps.Load(left + upper), rightMask = TOps.Load(right + upper);
                            TVec up = TOps.Add(TOps.Add(centreUp, eastUp), TOps.Add(TOps.Select(leftMask, TOps.Add(farWestUp, westUp), TOps.Zero),
                                TOps.Select(rightMask, farEastUp, TOps.Zero)));
                            TVec down = TOps.Add(TOps.Add(centreDown, eastDown), TOps.Add(TOps.Select(leftMask, TOps.Add(farWestDown, westDown), TOps.Zero),
                                TOps.Select(rightMask, farEastDown, TOps.Zero)));
                            TOps.Store(destination + upper, TOps.Activate<TActivation>(up));
                            TOps.Store(destination + lower, TOps.Activate<TActivation>(down));
                            if (y + 2 >= outHeight)
                            {
                                break;
                            }
                        }

                        if (x0 == lastChunk)
                        {
                            break;
                        }
                    }

                    continue;
                }

                for (int i = 0; ; i += lanes)
                {
                    i = Math.Min(i, last);

                    // Kernel rows 0, 2, 4 are even input rows y - 1, y, y + 1; rows 1, 3 odd input rows y - 1, y.
                    float* e0 = ee + i - outWidth, e2 = ee + i, e4 = ee + i + outWidth;
                    float* eo0 = eo + i - outWidth, eo2 = eo + i, eo4 = eo + i + outWidth;
                    float* o1 = oe + i - outWidth, o3 = oe + i;
                    float* oo1 = oo + i - outWidth, oo3 = oo + i;
                    TVec centre = TOps.MultiplyAdd(TOps.Load(e0), w2, b);
                    centre = TOps.MultiplyAdd(TOps.Load(o1), w7, centre);
                    centre = TOps.MultiplyAdd(TOps.Load(e2), w12, centre);
                    centre = TOps.MultiplyAdd(TOps.Load(o3), w17, centre);
                    centre = TOps.MultiplyAdd(TOps.Load(e4), w22, centre);
                    TVec east = TOps.MultiplyAdd(TOps.Load(eo0), w3, TOps.Zero);
                    east = TOps.MultiplyAdd(TOps.Load(oo1), w8, east);
                    east = TOps.MultiplyAdd(TOps.Load(eo2), w13, east);
                    east = TOps.MultiplyAdd(TOps.Load(oo3), w18, east);
                    east = TOps.MultiplyAdd(TOps.Load(eo4), w23, east);
                    TVec farWest = TOps.MultiplyAdd(TOps.Load(e0 - 1), w0, TOps.Zero);
                    farWest = TOps.MultiplyAdd(TOps.Load(o1 - 1), w5, farWest);
                    farWest = TOps.MultiplyAdd(TOps.Load(e2 - 1), w10, farWest);
                    farWest = TOps.MultiplyAdd(TOps.Load(o3 - 1), w15, farWest);
                    farWest = TOps.MultiplyAdd(TOps.Load(e4 - 1), w20, farWest);
                    TVec west = TOps.MultiplyAdd(TOps.Load(eo0 - 1), w1, TOps.Zero);
                    west = TOps.MultiplyAdd(TOps.Load(oo1 - 1), w6, west);
                    west = TOps.MultiplyAdd(TOps.Load(eo2 - 1), w11, west);
                    west = TOps.MultiplyAdd(TOps.Load(oo3 - 1), w16, west);
                    west = TOps.MultiplyAdd(TOps.Load(eo4 - 1), w21, west);
                    TVec farEast = TOps.MultiplyAdd(TOps.Load(e0 + 1), w4, TOps.Zero);
                    farEast = TOps.MultiplyAdd(TOps.Load(o1 + 1), w9, farEast);
                    farEast = TOps.MultiplyAdd(TOps.Load(e2 + 1), w14, farEast);
                    farEast = TOps.MultiplyAdd(TOps.Load(o3 + 1), w19, farEast);
                    farEast = TOps.MultiplyAdd(TOps.Load(e4 + 1), w24, farEast);
                    TVec sides = TOps.Add(TOps.Select(TOps.Load(left + i), TOps.Add(farWest, west), TOps.Zero),
                        TOps.Select(TOps.Load(right + i), farEast, TOps.Zero));
                    TVec sum = TOps.Add(TOps.Add(centre, east), sides);
                    TOps.Store(destination + i, TOps.Activate<TActivation>(sum));
                    if (i == last)
                    {
                        break;
                    }
                }
            }
        }
    }

    /// <summary>
    /// One kernel column's taps for two output vectors one row apart, from its even-row parity plane at <paramref name="even"/>
    /// and odd-row one at <paramref name="odd"/> (both at the upper vector's index, shifted to the column): the upper vector
    /// reads even rows -1, 0, +1 and odd rows -1, 0; the lower one each a row further on.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void ColumnStride2<TVec, TOps>(float* even, float* odd, int outWidth, TVec k0, TVec k1, TVec k2, TVec k3, TVec k4,
        TVec start, out TVec up, out TVec down)
        where TVec : unmanaged
        where TOps : IFloatVector<TVec>
    {
        up = TOps.MultiplyAdd(TOps.Load(even - outWidth), k0, start);
        up = TOps.MultiplyAdd(TOps.Load(odd - outWidth), k1, up);
        TVec row = TOps.Load(even);
        up = TOps.MultiplyAdd(row, k2, up);
        down = TOps.MultiplyAdd(row, k0, start);
        row = TOps.Load(odd);
        up = TOps.MultiplyAdd(row, k3, up);
        down = TOps.MultiplyAdd(row, k1, down);
        row = TOps.Load(even + outWidth);
        up = TOps.MultiplyAdd(row, k4, up);
        down = TOps.MultiplyAdd(row, k2, down);
        down = TOps.MultiplyAdd(TOps.Load(odd + outWidth), k3, down);
        down = TOps.MultiplyAdd(TOps.Load(even + (2 * outWidth)), k4, down);
    }

    /// <summary>
    /// Splits one input plane into the four parity planes <see cref="RunFlatStride2{TVec, TOps, TActivation}"/> reads, each
    /// <paramref name="planeFloats"/> apart from <paramref name="planes"/> (row 0 of the first). Whole vectors are stored
    /// from each row start and may run past it, into the next row of the plane (written next) or past the last one (zeroed
    /// again after); an odd width's last odd column and an odd height's last odd row are the padding, zeroed too.
    /// </summary>
    /// <remarks>Out of line: inlined into the channel loop, its vectors made the JIT spill the 25 tap registers of the computation.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SplitParity<TVec, TOps>(in Window window, float* source, float* inputEnd, float* planes, int planeFloats)
        where TVec : unmanaged
        where TOps : IFloatVector<TVec>
    {
        int lanes = TOps.Count;
        int height = window.Height, width = window.Width, outHeight = window.OutHeight, outWidth = window.OutWidth;
        for (int iy = 0; iy < height; iy++)
        {
            float* row = source + ((nint)iy * width);
            float* even = planes + ((iy & 1) * 2 * planeFloats) + ((iy >> 1) * outWidth);
            float* odd = even + planeFloats;
            for (int x = 0; x < outWidth; x += lanes)
            {
                float* pair = row + (2 * x);
                if (pair + (2 * lanes) <= inputEnd)
                {
                    TOps.LoadDeinterleaved(pair, out TVec evenColumns, out TVec oddColumns);
                    TOps.Store(even + x, evenColumns);
                    TOps.Store(odd + x, oddColumns);
                }
                else
                {
                    // The end of the input span: no whole vector to read, so this row's last columns one by one.
                    for (int j = x; j < outWidth; j++)
                    {
                        even[j] = row[2 * j];
                        odd[j] = (2 * j) + 1 < width ? row[(2 * j) + 1] : 0f;
                    }

                    break;
                }
            }

            if ((width & 1) != 0)
            {
                odd[outWidth - 1] = 0f;
            }
        }

        // Below each plane's last row of input: zeros (an odd row past an odd height's end, the bottom padding row, the guard).
        // Whole vectors of zeros: what runs past the guard lands in the plane's slack.
        for (int p = 0; p < 4; p++)
        {
            int rows = p < 2 ? outHeight : height / 2;
            float* zeros = planes + (p * planeFloats) + (rows * outWidth);
            float* end = planes + (p * planeFloats) + ((outHeight + 1) * outWidth) + 1;
            for (; zeros < end; zeros += lanes)
            {
                TOps.Store(zeros, TOps.Zero);
            }
        }
    }
}
