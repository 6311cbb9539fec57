using System;
using System.Runtime.CompilerServices;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class DepthwiseConv3x3
{
    /// <summary>
    /// Largest zero-padded band, in floats (16 KiB: half of L1), that the vector path copies input rows into; a
    /// V2 depthwise plane (at most 58x56 padded) fits whole, larger planes go band by band.
    /// </summary>
    internal const int MaxScratchFloats = 4096;

    /// <summary>
    /// Floats per padded row. Stride 1: a zero column each side of the image. Stride 2: the row split into even and
    /// odd padded columns (<see cref="StrideTwoRows"/>), each half <c>outWidth + 1</c> long.
    /// </summary>
    internal static int PaddedPitch(int width, int stride) =>
        stride == 1 ? width + 2 : 2 * StrideTwoRows.HalfPitch(((width - 1) / 2) + 1);

    /// <summary>Input rows (padding included) that <paramref name="outputRows"/> output rows read.</summary>
    private static int BandInputRows(int outputRows, int stride) => ((outputRows - 1) * stride) + 3;

    /// <summary>
    /// Each channel: the input rows of a band of output rows are copied into a zero-padded scratch (whole-vector
    /// copies; stride 2 splits them into even and odd columns), so every output vector is 9 unconditional FMAs with
    /// the 9 weights held in registers and no border column or row is special. The last vector of a row overlaps its
    /// predecessor (output never aliases input).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunVector<TVec, TOps, TActivation>(in Window window, ReadOnlySpan<float> weights, int weightStride,
        ReadOnlySpan<float> bias, int biasStride, Span<float> scratch, Part part)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        (int partFirst, int partEnd) = part.Range(window.OutHeight);
        int lanes = TOps.Count;
        int height = window.Height, width = window.Width, stride = window.Stride;
        int outHeight = window.OutHeight, outWidth = window.OutWidth;
        int inputPixels = window.InputPixels, outputPixels = window.OutputPixels;
        int pitch = PaddedPitch(width, stride);
        int half = pitch / 2;
        int bandRows = Math.Min(outHeight, (((scratch.Length / pitch) - 3) / stride) + 1);
        int lastX = outWidth - lanes;
        ReadOnlySpan<int> inputPlanes = window.InputPlanes, outputPlanes = window.OutputPlanes;
        scratch.Clear();

        fixed (float* input = window.Input)
        fixed (float* output = window.Output)
        fixed (float* weightBase = weights)
        fixed (float* biasBase = bias)
        fixed (float* padded = scratch)
        {
            for (int c = 0; c < window.Channels; c++)
            {
                float* source = input + ((nint)PlaneTable.Plane(inputPlanes, c) * inputPixels);
                float* destination = output + ((nint)PlaneTable.Plane(outputPlanes, c) * outputPixels);
                float* w = weightBase + ((nint)c * weightStride);
                TVec b = TOps.Broadcast(biasBase[c * biasStride]);
                TVec w0 = TOps.Broadcast(w[0]), w1 = TOps.Broadcast(w[1]), w2 = TOps.Broadcast(w[2]);
                TVec w3 = TOps.Broadcast(w[3]), w4 = TOps.Broadcast(w[4]), w5 = TOps.Broadcast(w[5]);
                TVec w6 = TOps.Broadcast(w[6]), w7 = TOps.Broadcast(w[7]), w8 = TOps.Broadcast(w[8]);
                for (int top = partFirst; top < partEnd; top += bandRows)
                {
                    int rows = Math.Min(bandRows, partEnd - top);
                    int firstRow = (top * stride) - 1;
                    int inputRows = BandInputRows(rows, stride);
                    for (int r = 0; r < inputRows; r++)
                    {
                        int iy = firstRow + r;
                        float* row = padded + ((nint)r * pitch);
                        if ((uint)iy >= (uint)height)
                        {
                            ZeroRow<TVec, TOps>(row, pitch);
                        }
                        else if (stride == 1)
                        {
                            CopyRow<TVec, TOps>(source + ((nint)iy * width), row + 1, width);
                        }
                        else
                        {
                            StrideTwoRows.Split<TVec, TOps>(source + ((nint)iy * width), width, row, row + half);
                        }
                    }

                    for (int y = 0; y < rows; y++)
                    {
                        float* above = padded + ((nint)y * stride * pitch);
                        float* middle = above + pitch;
                        float* below = middle + pitch;
                        float* target = destination + ((nint)(top + y) * outWidth);
                        for (int x = 0; ; x += lanes)
                        {
                            x = Math.Min(x, lastX);
                            TVec sum;
                            if (stride == 1)
                            {
                                sum = Row1<TVec, TOps>(above + x, b, w0, w1, w2);
                                sum = Row1<TVec, TOps>(middle + x, sum, w3, w4, w5);
                                sum = Row1<TVec, TOps>(below + x, sum, w6, w7, w8);
                            }
                            else
                            {
                                sum = Row2<TVec, TOps>(above + x, half, b, w0, w1, w2);
                                sum = Row2<TVec, TOps>(middle + x, half, sum, w3, w4, w5);
                                sum = Row2<TVec, TOps>(below + x, half, sum, w6, w7, w8);
                            }

                            TOps.Store(target + x, TOps.Activate<TActivation>(sum));
                            if (x == lastX)
                            {
                                break;
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Copies <paramref name="count"/> &gt;= one vector of floats, the last vector overlapping its predecessor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void CopyRow<TVec, TOps>(float* source, float* destination, int count)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int last = count - TOps.Count;
        for (int i = 0; ; i += TOps.Count)
        {
            i = Math.Min(i, last);
            TOps.Store(destination + i, TOps.Load(source + i));
            if (i == last)
            {
                return;
            }
        }
    }

    /// <summary>Zeroes <paramref name="count"/> &gt;= one vector of floats: a padding row above or below the image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void ZeroRow<TVec, TOps>(float* destination, int count)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int last = count - TOps.Count;
        for (int i = 0; ; i += TOps.Count)
        {
            i = Math.Min(i, last);
            TOps.Store(destination + i, TOps.Zero);
            if (i == last)
            {
                return;
            }
        }
    }

    /// <summary>One input row's three taps for stride 1: <paramref name="left"/> points at padded column x (image column x-1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TVec Row1<TVec, TOps>(float* left, TVec sum, TVec k0, TVec k1, TVec k2)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        sum = TOps.MultiplyAdd(TOps.Load(left), k0, sum);
        sum = TOps.MultiplyAdd(TOps.Load(left + 1), k1, sum);
        return TOps.MultiplyAdd(TOps.Load(left + 2), k2, sum);
    }

    /// <summary>One split input row's three taps for stride 2: <paramref name="even"/> points at even[x], the odd half follows at <paramref name="half"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TVec Row2<TVec, TOps>(float* even, int half, TVec sum, TVec k0, TVec k1, TVec k2)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        sum = TOps.MultiplyAdd(TOps.Load(even), k0, sum);
        sum = TOps.MultiplyAdd(TOps.Load(even + half), k1, sum);
        return TOps.MultiplyAdd(TOps.Load(even + 1), k2, sum);
    }
}
