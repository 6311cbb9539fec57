using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class DepthwiseConv3x3
{
    /// <summary>
    /// Whether the window takes the AVX-512 row kernels (<see cref="RunStride1Rows{TActivation}"/>, <see cref="RunStride2Permute{TActivation}"/>):
    /// masked loads make the zero padding at row ends free and masked stores keep a part to its own rows, so they read the
    /// input planes in place, with no padded or parity-split copy.
    /// </summary>
    internal static bool Avx512RowsApply(VectorWidth vectorWidth) =>
        vectorWidth >= VectorWidth.V512 && Avx512F.IsSupported;

    /// <summary>
    /// The rows of output a part computes, and its channels: a run of whole output rows of every channel, or, for a plane
    /// with fewer rows than parts, a run of channels. Empty when the part has nothing to do.
    /// </summary>
    private static (int FirstRow, int EndRow, int FirstChannel, int EndChannel) RowsAndChannels(in Window window, Part part)
    {
        if (part.IsWhole)
        {
            return (0, window.OutHeight, 0, window.Channels);
        }

        if (window.OutHeight >= part.Count)
        {
            (int first, int end) = part.Range(window.OutHeight);
            return (first, end, 0, first == end ? 0 : window.Channels);
        }

        (int firstChannel, int endChannel) = part.Range(window.Channels);
        return (0, window.OutHeight, firstChannel, endChannel);
    }

    /// <summary>
    /// Stride 1 straight from the input planes, on AVX-512: each output row in chunks of 16 columns. An input row's left,
    /// middle and right taps for the chunk at x0 are three masked loads at columns x0 - 1, x0 and x0 + 1 (lanes outside
    /// the row read as zero: the left and right padding). A sliding window of three input rows' taps moves down the plane,
    /// so each output row loads one new input row: 3 loads and 9 FMAs per 16 outputs.
    /// </summary>
    /// <remarks>
    /// Against copying each plane into a zero-bordered scratch first (the other paths): on Zen 5 inside V2 1.0x this took
    /// its thirteen stride-1 depthwise convs from about 109 us to about 65 (a 14x14 one from 7.5 to 4.5 us, 28x28 from 13 to 7.7).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunStride1Rows<TActivation>(in Window window, ReadOnlySpan<float> weights, int weightStride,
        ReadOnlySpan<float> bias, int biasStride, Part part)
        where TActivation : struct, IActivationOperator
    {
        (int firstRow, int endRow, int firstChannel, int endChannel) = RowsAndChannels(window, part);
        int height = window.Height, width = window.Width;
        int pixels = window.InputPixels;
        ReadOnlySpan<int> inputPlanes = window.InputPlanes, outputPlanes = window.OutputPlanes;
        Vector512<float> indices = Vector512<float>.Indices;

        fixed (float* inputBase = window.Input)
        fixed (float* outputBase = window.Output)
        fixed (float* weightBase = weights)
        fixed (float* biasBase = bias)
        {
            for (int c = firstChannel; c < endChannel; c++)
            {
                float* source = inputBase + ((nint)PlaneTable.Plane(inputPlanes, c) * pixels);
                float* destination = outputBase + ((nint)PlaneTable.Plane(outputPlanes, c) * pixels);
                float* w = weightBase + ((nint)c * weightStride);
                Vector512<float> b = Vector512.Create(biasBase[c * biasStride]);
                Vector512<float> w0 = Vector512.Create(w[0]), w1 = Vector512.Create(w[1]), w2 = Vector512.Create(w[2]);
                Vector512<float> w3 = Vector512.Create(w[3]), w4 = Vector512.Create(w[4]), w5 = Vector512.Create(w[5]);
                Vector512<float> w6 = Vector512.Create(w[6]), w7 = Vector512.Create(w[7]), w8 = Vector512.Create(w[8]);
                for (int x0 = 0; x0 < width; x0 += 16)
                {
                    // Lane i reads columns x0 + i - 1, x0 + i and x0 + i + 1 where they lie inside the row.
                    Vector512<float> columns = indices + Vector512.Create((float)x0);
                    Vector512<float> limit = Vector512.Create((float)width);
                    Vector512<float> leftMask = Vector512.GreaterThanOrEqual(columns, Vector512<float>.One) & Vector512.LessThanOrEqual(columns, limit);
                    Vector512<float> middleMask = Vector512.LessThan(columns, limit);
                    Vector512<float> rightMask = Vector512.LessThan(columns + Vector512<float>.One, limit);
                    int outLanes = Math.Min(16, width - x0);

                    // Taps of input rows y - 1 (zero above the image) and y for the first output row.
                    int y = firstRow;
                    RowTaps top = y > 0 ? RowTaps.Stride1(source + ((nint)(y - 1) * width) + x0, leftMask, middleMask, rightMask) : default;
                    RowTaps middle = RowTaps.Stride1(source + ((nint)y * width) + x0, leftMask, middleMask, rightMask);
                    for (; y < endRow; y++)
                    {
                        RowTaps bottom = y + 1 < height
                            ? RowTaps.Stride1(source + ((nint)(y + 1) * width) + x0, leftMask, middleMask, rightMask)
                            : default;
                        StoreWindow<TActivation>(destination + ((nint)y * width) + x0, top, middle, bottom, b, w0, w1, w2, w3, w4, w5, w6, w7, w8,
                            outLanes == 16, middleMask);
                        top = middle;
                        middle = bottom;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Stride 2 straight from the input planes, on AVX-512: each output row is computed in chunks of 16 output columns.
    /// For a chunk at output column x0, an input row's columns <c>2x0 .. 2x0+31</c> are two masked loads (columns past the
    /// row's end read as zero, which is the right padding); one permute each gives the chunk's middle taps (even columns
    /// <c>2x</c>), right taps (odd columns <c>2x+1</c>) and left taps (<c>2x-1</c>, lane 0 from the previous chunk or the
    /// left padding). Input rows above or below the image are zero. The bottom taps of output row y are the top taps of
    /// row y + 1, so each output row permutes two new input rows, not three. Stores past the row's last column are masked
    /// off, so a part writes exactly its own rows.
    /// </summary>
    /// <remarks>
    /// Against splitting each channel into parity planes first (the other paths), nothing is written and reread: on Zen 5
    /// inside V2 1.0x this took its six stride-2 depthwise convs from about 106 us to about 50 (14x14 to 7x7 from 15 to 7.5 us).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunStride2Permute<TActivation>(in Window window, ReadOnlySpan<float> weights, int weightStride,
        ReadOnlySpan<float> bias, int biasStride, Part part)
        where TActivation : struct, IActivationOperator
    {
        (int firstRow, int endRow, int firstChannel, int endChannel) = RowsAndChannels(window, part);
        int height = window.Height, width = window.Width, outWidth = window.OutWidth;
        int inputPixels = window.InputPixels, outputPixels = window.OutputPixels;
        ReadOnlySpan<int> inputPlanes = window.InputPlanes, outputPlanes = window.OutputPlanes;

        // Lane i of a chunk: middle tap = column 2i of the two loads, right = 2i + 1, left = 2i - 1 (lane 0 fixed up below).
        Vector512<int> evenIndex = Vector512<int>.Indices * 2;
        Vector512<int> oddIndex = evenIndex + Vector512<int>.One;
        Vector512<int> leftIndex = Vector512.Max(evenIndex - Vector512<int>.One, Vector512<int>.Zero);
        Vector512<float> laneZero = Vector512.Equals(Vector512<float>.Indices, Vector512<float>.Zero);

        fixed (float* inputBase = window.Input)
        fixed (float* outputBase = window.Output)
        fixed (float* weightBase = weights)
        fixed (float* biasBase = bias)
        {
            for (int c = firstChannel; c < endChannel; c++)
            {
                float* source = inputBase + ((nint)PlaneTable.Plane(inputPlanes, c) * inputPixels);
                float* destination = outputBase + ((nint)PlaneTable.Plane(outputPlanes, c) * outputPixels);
                float* w = weightBase + ((nint)c * weightStride);
                Vector512<float> b = Vector512.Create(biasBase[c * biasStride]);
                Vector512<float> w0 = Vector512.Create(w[0]), w1 = Vector512.Create(w[1]), w2 = Vector512.Create(w[2]);
                Vector512<float> w3 = Vector512.Create(w[3]), w4 = Vector512.Create(w[4]), w5 = Vector512.Create(w[5]);
                Vector512<float> w6 = Vector512.Create(w[6]), w7 = Vector512.Create(w[7]), w8 = Vector512.Create(w[8]);
                for (int x0 = 0; x0 < outWidth; x0 += 16)
                {
                    // Input columns 2x0 .. 2x0+31 that lie inside the row; output lanes that lie inside the output row.
                    int columns = width - (2 * x0);
                    Vector512<float> lowMask = Vector512.LessThan(Vector512<float>.Indices, Vector512.Create((float)columns));
                    Vector512<float> highMask = Vector512.LessThan(Vector512<float>.Indices, Vector512.Create((float)(columns - 16)));
                    int outLanes = Math.Min(16, outWidth - x0);
                    Vector512<float> storeMask = Vector512.LessThan(Vector512<float>.Indices, Vector512.Create((float)outLanes));
                    var chunk = new Chunk(source, width, x0, lowMask, highMask, evenIndex, oddIndex, leftIndex, laneZero);

                    // Top taps of the first row: input row 2y - 1, the zero padding above the image for y = 0.
                    int y = firstRow;
                    RowTaps top = y > 0 ? chunk.Taps((2 * y) - 1) : default;
                    for (; y < endRow; y++)
                    {
                        RowTaps middle = chunk.Taps(2 * y);
                        RowTaps bottom = (2 * y) + 1 < height ? chunk.Taps((2 * y) + 1) : default;
                        StoreWindow<TActivation>(destination + ((nint)y * outWidth) + x0, top, middle, bottom, b, w0, w1, w2, w3, w4, w5, w6, w7, w8,
                            outLanes == 16, storeMask);
                        top = bottom;
                    }
                }
            }
        }
    }

    /// <summary>One 16-column chunk of output: how it reads the three taps of an input row.</summary>
    private readonly unsafe struct Chunk(float* source, int width, int x0, Vector512<float> lowMask, Vector512<float> highMask,
        Vector512<int> evenIndex, Vector512<int> oddIndex, Vector512<int> leftIndex, Vector512<float> laneZero)
    {
        private readonly float* _first = source + (2 * x0);
        private readonly int _width = width;
        private readonly int _x0 = x0;
        private readonly Vector512<float> _lowMask = lowMask, _highMask = highMask, _laneZero = laneZero;
        private readonly Vector512<int> _evenIndex = evenIndex, _oddIndex = oddIndex, _leftIndex = leftIndex;

        /// <summary>Input row <paramref name="row"/>'s columns 2x - 1, 2x and 2x + 1 for the chunk's 16 output columns x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public RowTaps Taps(int row)
        {
            float* start = _first + ((nint)row * _width);
            Vector512<float> low = Avx512F.MaskLoad(start, _lowMask, Vector512<float>.Zero);
            Vector512<float> high = Avx512F.MaskLoad(start + 16, _highMask, Vector512<float>.Zero);
            Vector512<float> left = Avx512F.PermuteVar16x32x2(low, _leftIndex, high);

            // Lane 0's left tap is column 2x0 - 1: the left padding for the first chunk, the previous chunk's last column after.
            left = Vector512.ConditionalSelect(_laneZero, _x0 == 0 ? Vector512<float>.Zero : Vector512.Create(start[-1]), left);
            return new RowTaps(left, Avx512F.PermuteVar16x32x2(low, _evenIndex, high), Avx512F.PermuteVar16x32x2(low, _oddIndex, high));
        }
    }

    /// <summary>
    /// One input row's three taps for a chunk of 16 output columns x: its columns x - 1, x and x + 1 (stride 1) or 2x - 1,
    /// 2x and 2x + 1 (stride 2). <c>default</c> is a row of padding.
    /// </summary>
    private readonly struct RowTaps(Vector512<float> left, Vector512<float> middle, Vector512<float> right)
    {
        public readonly Vector512<float> Left = left, Middle = middle, Right = right;

        /// <summary>Stride 1: three masked loads at columns x0 - 1, x0 and x0 + 1 of the row at <paramref name="at"/> (column x0).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe RowTaps Stride1(float* at, Vector512<float> leftMask, Vector512<float> middleMask, Vector512<float> rightMask) =>
            new(Avx512F.MaskLoad(at - 1, leftMask, Vector512<float>.Zero), Avx512F.MaskLoad(at, middleMask, Vector512<float>.Zero),
                Avx512F.MaskLoad(at + 1, rightMask, Vector512<float>.Zero));
    }

    /// <summary>
    /// One chunk of output: <paramref name="b"/> plus the taps of the input rows above, at and below times the channel's
    /// weights (<c>w0..w8</c>, row-major), through the activation, stored at <paramref name="target"/>: whole, or only the lanes
    /// of <paramref name="mask"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreWindow<TActivation>(float* target, in RowTaps top, in RowTaps middle, in RowTaps bottom, Vector512<float> b,
        Vector512<float> w0, Vector512<float> w1, Vector512<float> w2, Vector512<float> w3, Vector512<float> w4, Vector512<float> w5,
        Vector512<float> w6, Vector512<float> w7, Vector512<float> w8, bool whole, Vector512<float> mask)
        where TActivation : struct, IActivationOperator
    {
        // Three chains of 3 (one per input row) rather than one of 9: less FMA latency per chunk (2-3% faster in V2 1.0x
        // than the single chain).
        Vector512<float> above = Vector512.FusedMultiplyAdd(top.Left, w0, b);
        above = Vector512.FusedMultiplyAdd(top.Middle, w1, above);
        above = Vector512.FusedMultiplyAdd(top.Right, w2, above);
        Vector512<float> at = middle.Left * w3;
        at = Vector512.FusedMultiplyAdd(middle.Middle, w4, at);
        at = Vector512.FusedMultiplyAdd(middle.Right, w5, at);
        Vector512<float> below = bottom.Left * w6;
        below = Vector512.FusedMultiplyAdd(bottom.Middle, w7, below);
        below = Vector512.FusedMultiplyAdd(bottom.Right, w8, below);
        Vector512<float> sum = TActivation.Invoke(above + (at + below));

        if (whole)
        {
            sum.Store(target);
        }
        else
        {
            Avx512F.MaskStore(target, mask, sum);
        }
    }
}
