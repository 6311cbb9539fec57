using System;
using System.Runtime.CompilerServices;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class DepthwiseConv3x3
{
    /// <summary>
    /// Each output row: column 0 and the columns whose window leaves the image on the right are scalar;
    /// the interior is whole vectors, the last one overlapping its predecessor (recomputing is harmless
    /// because output planes never alias input planes). A row missing above or below is skipped, not read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunVector<TVec, TOps>(in Window window, ReadOnlySpan<float> weights, int weightStride,
        ReadOnlySpan<float> bias, int biasStride, bool relu)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int lanes = TOps.Count;
        int height = window.Height, width = window.Width, stride = window.Stride;
        int outHeight = window.OutHeight, outWidth = window.OutWidth;
        int inputPixels = window.InputPixels, outputPixels = window.OutputPixels;

        // The last vector start whose window stays inside the row: stride 1 reads x-1 .. x+lanes,
        // stride 2 reads 2x-1 .. 2x+2*lanes; Fit() guaranteed it is at least 1.
        int lastStart = stride == 1 ? width - 1 - lanes : Math.Min((width - 1 - (2 * lanes)) / 2, outWidth - lanes);
        int scalarFrom = lastStart + lanes;

        fixed (float* input = window.Input)
        fixed (float* output = window.Output)
        fixed (float* weightBase = weights)
        {
            for (int c = 0; c < window.Channels; c++)
            {
                ReadOnlySpan<float> plane = window.Input.Slice(PlaneTable.Plane(window.InputPlanes, c) * inputPixels, inputPixels);
                ReadOnlySpan<float> taps = weights.Slice(c * weightStride, 9);
                float* source = input + ((nint)PlaneTable.Plane(window.InputPlanes, c) * inputPixels);
                float* destination = output + ((nint)PlaneTable.Plane(window.OutputPlanes, c) * outputPixels);
                float* w = weightBase + ((nint)c * weightStride);
                float biasValue = bias[c * biasStride];
                TVec b = TOps.Broadcast(biasValue);
                TVec w0 = TOps.Broadcast(w[0]), w1 = TOps.Broadcast(w[1]), w2 = TOps.Broadcast(w[2]);
                TVec w3 = TOps.Broadcast(w[3]), w4 = TOps.Broadcast(w[4]), w5 = TOps.Broadcast(w[5]);
                TVec w6 = TOps.Broadcast(w[6]), w7 = TOps.Broadcast(w[7]), w8 = TOps.Broadcast(w[8]);
                for (int oy = 0; oy < outHeight; oy++)
                {
                    int middleRow = oy * stride;
                    float* middle = source + ((nint)middleRow * width);
                    bool hasTop = middleRow > 0;
                    bool hasBottom = middleRow + 1 < height;
                    float* row = destination + ((nint)oy * outWidth);

                    row[0] = Finish(Point(plane, height, width, stride, oy, 0, taps, biasValue), relu);
                    for (int x = 1; ; x += lanes)
                    {
                        x = Math.Min(x, lastStart);
                        TVec sum = stride == 1
                            ? Row1<TVec, TOps>(middle + x - 1, b, w3, w4, w5)
                            : Row2<TVec, TOps>(middle + (2 * x) - 1, b, w3, w4, w5);
                        if (hasTop)
                        {
                            sum = stride == 1
                                ? Row1<TVec, TOps>(middle - width + x - 1, sum, w0, w1, w2)
                                : Row2<TVec, TOps>(middle - width + (2 * x) - 1, sum, w0, w1, w2);
                        }

                        if (hasBottom)
                        {
                            sum = stride == 1
                                ? Row1<TVec, TOps>(middle + width + x - 1, sum, w6, w7, w8)
                                : Row2<TVec, TOps>(middle + width + (2 * x) - 1, sum, w6, w7, w8);
                        }

                        TOps.Store(row + x, relu ? TOps.MaxNative(sum, TOps.Zero) : sum);
                        if (x == lastStart)
                        {
                            break;
                        }
                    }

                    for (int ox = scalarFrom; ox < outWidth; ox++)
                    {
                        row[ox] = Finish(Point(plane, height, width, stride, oy, ox, taps, biasValue), relu);
                    }
                }
            }
        }
    }

    /// <summary>One input row's three taps for stride 1: <paramref name="left"/> points at column x-1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TVec Row1<TVec, TOps>(float* left, TVec sum, TVec k0, TVec k1, TVec k2)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        sum = TOps.MultiplyAdd(TOps.Load(left), k0, sum);
        sum = TOps.MultiplyAdd(TOps.Load(left + 1), k1, sum);
        return TOps.MultiplyAdd(TOps.Load(left + 2), k2, sum);
    }

    /// <summary>One input row's three taps for stride 2: <paramref name="left"/> points at column 2x-1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TVec Row2<TVec, TOps>(float* left, TVec sum, TVec k0, TVec k1, TVec k2)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        TOps.LoadDeinterleaved(left, out TVec column0, out TVec column1);
        TOps.LoadDeinterleaved(left + 2, out TVec column2, out _);
        sum = TOps.MultiplyAdd(column0, k0, sum);
        sum = TOps.MultiplyAdd(column1, k1, sum);
        return TOps.MultiplyAdd(column2, k2, sum);
    }

    private static float Finish(float value, bool relu) => relu ? Math.Max(value, 0f) : value;
}
