using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class StemConv3x3
{
    /// <summary>Largest scratch, in floats, for one output row's split input rows; wider or deeper inputs take the plain loop nest.</summary>
    internal const int MaxScratchFloats = 8192;

    /// <summary>Scratch floats for one output row: every input channel's three tap rows, each split into even and odd halves.</summary>
    internal static int ScratchFloats(int inChannels, int outWidth) => inChannels * 3 * 2 * StrideTwoRows.HalfPitch(outWidth);

    /// <summary>
    /// Output row by output row: the three input rows under it (zero rows outside the image) are split once into the
    /// even and odd padded columns, so each tap is a plain vector load and no column is a special case. Then tiles of
    /// 8 output channels x 2 vectors of columns (16 accumulators, where the ISA has 32 vector registers) or x 1 vector,
    /// the last vector overlapping its predecessor.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunVector<TVec, TOps, TActivation>(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights,
        ReadOnlySpan<float> packedBias, Span<float> output, in Shape shape, Span<float> scratch)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        nint outputPixels = (nint)shape.OutHeight * shape.OutWidth;
        scratch.Clear();
        fixed (float* inputBase = input)
        fixed (float* weightBase = packedWeights)
        fixed (float* biasBase = packedBias)
        fixed (float* outputBase = output)
        fixed (float* split = scratch)
        {
            for (int oy = shape.FirstRow; oy < shape.EndRow; oy++)
            {
                ConvRow<TVec, TOps, TActivation>(inputBase, weightBase, biasBase, shape, split, oy, outputBase + ((nint)oy * shape.OutWidth), outputPixels);
            }
        }
    }

    /// <summary>
    /// Output row <paramref name="oy"/> of every output channel, channel co's at <c>destination + co * channelStride</c>.
    /// <paramref name="split"/> is <see cref="ScratchFloats"/> floats, zero where this never writes (the padding).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ConvRow<TVec, TOps, TActivation>(float* inputBase, float* weightBase, float* biasBase, in Shape shape,
        float* split, int oy, float* destination, nint channelStride)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        bool twoVectors = Avx512F.IsSupported || AdvSimd.Arm64.IsSupported;
        int lanes = TOps.Count;
        int width = shape.Width, height = shape.Height, outWidth = shape.OutWidth, inChannels = shape.InChannels;
        int half = StrideTwoRows.HalfPitch(outWidth);
        nint inputPixels = (nint)height * width;
        int lastX = outWidth - lanes;
        for (int ci = 0; ci < inChannels; ci++)
        {
            if (Sse.IsSupported)
            {
                // The image comes from memory or L3 (it is read once per Predict): request the two rows the next output
                // row adds while this one is computed.
                for (int ky = 3; ky < 5; ky++)
                {
                    int ahead = (2 * oy) - shape.Padding + ky;
                    if (ahead >= height)
                    {
                        break;
                    }

                    float* line = inputBase + (ci * inputPixels) + ((nint)ahead * width);
                    for (int x = 0; x < width; x += 16)
                    {
                        Sse.Prefetch0(line + x);
                    }
                }
            }

            for (int ky = 0; ky < 3; ky++)
            {
                int iy = (2 * oy) - shape.Padding + ky;
                float* even = split + ((nint)((ci * 3) + ky) * 2 * half);
                if ((uint)iy < (uint)height)
                {
                    StrideTwoRows.Split<TVec, TOps>(inputBase + (ci * inputPixels) + ((nint)iy * width), width, shape.Padding, even, even + half);
                }
                else
                {
                    new Span<float>(even, 2 * half).Clear();
                }
            }
        }

        for (int first = 0; first < shape.OutChannels; first += BlockChannels)
        {
            int count = Math.Min(BlockChannels, shape.OutChannels - first);
            float* weights = weightBase + ((nint)first * inChannels * Taps);
            float* bias = biasBase + first;
            float* row = destination + (first * channelStride);
            int x = 0;
            if (twoVectors)
            {
                for (; x + (2 * lanes) <= outWidth; x += 2 * lanes)
                {
                    Tile2<TVec, TOps, TActivation>(split + x, half, inChannels, weights, bias, row + x, channelStride, count);
                }
            }
            else if (outWidth >= 3 * lanes)
            {
                // 16 vector registers (AVX2): each half of the block as 4 channels x 3 vectors, then the columns left over
                // as 4 x 2 (or one more 4 x 3) ending on the row's last column, overlapping what is already done: 112
                // columns are 4 x 24 + 16, 111 are 4 x 24 + 15, where an overlapped last 24 recomputed 8 or 9 of them.
                int tilesEnd = outWidth / (3 * lanes) * (3 * lanes);
                for (; x < tilesEnd; x += 3 * lanes)
                {
                    TileHalves4x3<TVec, TOps, TActivation>(split + x, half, inChannels, weights, bias, row + x, channelStride, count);
                }

                if (x < outWidth && outWidth - x <= 2 * lanes)
                {
                    x = outWidth - (2 * lanes);
                    Tile4x2<TVec, TOps, TActivation>(split + x, half, inChannels, weights, bias, row + x, channelStride, Math.Min(count, 4));
                    if (count > 4)
                    {
                        Tile4x2<TVec, TOps, TActivation>(split + x, half, inChannels, weights + 4, bias + 4, row + (4 * channelStride) + x,
                            channelStride, count - 4);
                    }
                }
                else if (x < outWidth)
                {
                    x = outWidth - (3 * lanes);
                    TileHalves4x3<TVec, TOps, TActivation>(split + x, half, inChannels, weights, bias, row + x, channelStride, count);
                }

                continue;
            }

            for (; x < outWidth; x += lanes)
            {
                x = Math.Min(x, lastX);
                Tile1<TVec, TOps, TActivation>(split + x, half, inChannels, weights, bias, row + x, channelStride, count);
            }
        }
    }

    /// <summary>8 output channels x 2 vectors of columns; <paramref name="split"/> points at channel 0, tap row 0, even[x].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile2<TVec, TOps, TActivation>(float* split, int half, int inChannels, float* w, float* bias,
        float* destination, nint outputPixels, int count)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        TVec a0 = TOps.Broadcast(bias[0]), a1 = TOps.Broadcast(bias[1]), a2 = TOps.Broadcast(bias[2]), a3 = TOps.Broadcast(bias[3]);
        TVec a4 = TOps.Broadcast(bias[4]), a5 = TOps.Broadcast(bias[5]), a6 = TOps.Broadcast(bias[6]), a7 = TOps.Broadcast(bias[7]);
        TVec b0 = a0, b1 = a1, b2 = a2, b3 = a3, b4 = a4, b5 = a5, b6 = a6, b7 = a7;
        int lanes = TOps.Count;
        int rows = inChannels * 3;
        for (int r = 0; r < rows; r++, split += 2 * half, w += 3 * BlockChannels)
        {
            float* odd = split + half;
            Accumulate2<TVec, TOps>(TOps.Load(split), TOps.Load(split + lanes), w,
                ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7, ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
            Accumulate2<TVec, TOps>(TOps.Load(odd), TOps.Load(odd + lanes), w + BlockChannels,
                ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7, ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
            Accumulate2<TVec, TOps>(TOps.Load(split + 1), TOps.Load(split + 1 + lanes), w + (2 * BlockChannels),
                ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7, ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7);
        }

        StoreChannels<TVec, TOps, TActivation>(destination, outputPixels, count, a0, a1, a2, a3, a4, a5, a6, a7);
        StoreChannels<TVec, TOps, TActivation>(destination + lanes, outputPixels, count, b0, b1, b2, b3, b4, b5, b6, b7);
    }

    /// <summary>A block's 8 output channels (<paramref name="count"/> of them real) x 3 vectors of columns as two 4 x 3 tiles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void TileHalves4x3<TVec, TOps, TActivation>(float* split, int half, int inChannels, float* w, float* bias,
        float* destination, nint outputPixels, int count)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        Tile4x3<TVec, TOps, TActivation>(split, half, inChannels, w, bias, destination, outputPixels, Math.Min(count, 4));
        if (count > 4)
        {
            Tile4x3<TVec, TOps, TActivation>(split, half, inChannels, w + 4, bias + 4, destination + (4 * outputPixels), outputPixels, count - 4);
        }
    }

    /// <summary>4 output channels of a block x 2 vectors of columns, for the columns a row's 4 x 3 tiles leave (8 accumulators).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile4x2<TVec, TOps, TActivation>(float* split, int half, int inChannels, float* w, float* bias,
        float* destination, nint outputPixels, int count)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        TVec a0 = TOps.Broadcast(bias[0]), a1 = TOps.Broadcast(bias[1]), a2 = TOps.Broadcast(bias[2]), a3 = TOps.Broadcast(bias[3]);
        TVec b0 = a0, b1 = a1, b2 = a2, b3 = a3;
        int lanes = TOps.Count;
        int rows = inChannels * 3;
        for (int r = 0; r < rows; r++, split += 2 * half, w += 3 * BlockChannels)
        {
            Accumulate4x2<TVec, TOps>(split, w, ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3);
            Accumulate4x2<TVec, TOps>(split + half, w + BlockChannels, ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3);
            Accumulate4x2<TVec, TOps>(split + 1, w + (2 * BlockChannels), ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3);
        }

        StoreChannels4<TVec, TOps, TActivation>(destination, outputPixels, count, a0, a1, a2, a3);
        StoreChannels4<TVec, TOps, TActivation>(destination + lanes, outputPixels, count, b0, b1, b2, b3);
    }

    /// <summary>One tap for 4 output channels at two vectors of columns from <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Accumulate4x2<TVec, TOps>(float* x, float* w,
        ref TVec a0, ref TVec a1, ref TVec a2, ref TVec a3, ref TVec b0, ref TVec b1, ref TVec b2, ref TVec b3)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        TVec x0 = TOps.Load(x), x1 = TOps.Load(x + TOps.Count);
        TVec k = TOps.Broadcast(w[0]);
        a0 = TOps.MultiplyAdd(x0, k, a0);
        b0 = TOps.MultiplyAdd(x1, k, b0);
        k = TOps.Broadcast(w[1]);
        a1 = TOps.MultiplyAdd(x0, k, a1);
        b1 = TOps.MultiplyAdd(x1, k, b1);
        k = TOps.Broadcast(w[2]);
        a2 = TOps.MultiplyAdd(x0, k, a2);
        b2 = TOps.MultiplyAdd(x1, k, b2);
        k = TOps.Broadcast(w[3]);
        a3 = TOps.MultiplyAdd(x0, k, a3);
        b3 = TOps.MultiplyAdd(x1, k, b3);
    }

    /// <summary>
    /// 4 output channels of a block (<paramref name="w"/> at the first one's packed lane) x 3 vectors of columns: 12
    /// accumulators, 3 inputs and a broadcast fill the 16 registers of AVX2; 7 loads per 12 FMAs. <paramref name="split"/>
    /// points at channel 0, tap row 0, even[x].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile4x3<TVec, TOps, TActivation>(float* split, int half, int inChannels, float* w, float* bias,
        float* destination, nint outputPixels, int count)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        TVec a0 = TOps.Broadcast(bias[0]), a1 = TOps.Broadcast(bias[1]), a2 = TOps.Broadcast(bias[2]), a3 = TOps.Broadcast(bias[3]);
        TVec b0 = a0, b1 = a1, b2 = a2, b3 = a3;
        TVec c0 = a0, c1 = a1, c2 = a2, c3 = a3;
        int lanes = TOps.Count;
        int rows = inChannels * 3;
        for (int r = 0; r < rows; r++, split += 2 * half, w += 3 * BlockChannels)
        {
            TileSteps.Accumulate4x3<TVec, TOps>(split, w, ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, ref c0, ref c1, ref c2, ref c3);
            TileSteps.Accumulate4x3<TVec, TOps>(split + half, w + BlockChannels,
                ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, ref c0, ref c1, ref c2, ref c3);
            TileSteps.Accumulate4x3<TVec, TOps>(split + 1, w + (2 * BlockChannels),
                ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, ref c0, ref c1, ref c2, ref c3);
        }

        StoreChannels4<TVec, TOps, TActivation>(destination, outputPixels, count, a0, a1, a2, a3);
        StoreChannels4<TVec, TOps, TActivation>(destination + lanes, outputPixels, count, b0, b1, b2, b3);
        StoreChannels4<TVec, TOps, TActivation>(destination + (2 * lanes), outputPixels, count, c0, c1, c2, c3);
    }

    /// <summary>Stores the first <paramref name="count"/> (1-4) of 4 channel accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreChannels4<TVec, TOps, TActivation>(float* destination, nint outputPixels, int count,
        TVec a0, TVec a1, TVec a2, TVec a3)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        Store<TVec, TOps, TActivation>(destination, a0);
        if (count > 1) Store<TVec, TOps, TActivation>(destination + outputPixels, a1);
        if (count > 2) Store<TVec, TOps, TActivation>(destination + (2 * outputPixels), a2);
        if (count > 3) Store<TVec, TOps, TActivation>(destination + (3 * outputPixels), a3);
    }

    /// <summary>8 output channels x 1 vector of columns; <paramref name="split"/> points at channel 0, tap row 0, even[x].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile1<TVec, TOps, TActivation>(float* split, int half, int inChannels, float* w, float* bias,
        float* destination, nint outputPixels, int count)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        TVec a0 = TOps.Broadcast(bias[0]), a1 = TOps.Broadcast(bias[1]), a2 = TOps.Broadcast(bias[2]), a3 = TOps.Broadcast(bias[3]);
        TVec a4 = TOps.Broadcast(bias[4]), a5 = TOps.Broadcast(bias[5]), a6 = TOps.Broadcast(bias[6]), a7 = TOps.Broadcast(bias[7]);
        int rows = inChannels * 3;
        for (int r = 0; r < rows; r++, split += 2 * half, w += 3 * BlockChannels)
        {
            TileSteps.Accumulate8x1<TVec, TOps>(TOps.Load(split), w, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7);
            TileSteps.Accumulate8x1<TVec, TOps>(TOps.Load(split + half), w + BlockChannels, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7);
            TileSteps.Accumulate8x1<TVec, TOps>(TOps.Load(split + 1), w + (2 * BlockChannels), ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7);
        }

        StoreChannels<TVec, TOps, TActivation>(destination, outputPixels, count, a0, a1, a2, a3, a4, a5, a6, a7);
    }

    /// <summary>One tap for 8 output channels at two vectors of columns: each broadcast weight meets both.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Accumulate2<TVec, TOps>(TVec x, TVec y, float* w,
        ref TVec a0, ref TVec a1, ref TVec a2, ref TVec a3, ref TVec a4, ref TVec a5, ref TVec a6, ref TVec a7,
        ref TVec b0, ref TVec b1, ref TVec b2, ref TVec b3, ref TVec b4, ref TVec b5, ref TVec b6, ref TVec b7)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        TVec k = TOps.Broadcast(w[0]);
        a0 = TOps.MultiplyAdd(x, k, a0);
        b0 = TOps.MultiplyAdd(y, k, b0);
        k = TOps.Broadcast(w[1]);
        a1 = TOps.MultiplyAdd(x, k, a1);
        b1 = TOps.MultiplyAdd(y, k, b1);
        k = TOps.Broadcast(w[2]);
        a2 = TOps.MultiplyAdd(x, k, a2);
        b2 = TOps.MultiplyAdd(y, k, b2);
        k = TOps.Broadcast(w[3]);
        a3 = TOps.MultiplyAdd(x, k, a3);
        b3 = TOps.MultiplyAdd(y, k, b3);
        k = TOps.Broadcast(w[4]);
        a4 = TOps.MultiplyAdd(x, k, a4);
        b4 = TOps.MultiplyAdd(y, k, b4);
        k = TOps.Broadcast(w[5]);
        a5 = TOps.MultiplyAdd(x, k, a5);
        b5 = TOps.MultiplyAdd(y, k, b5);
        k = TOps.Broadcast(w[6]);
        a6 = TOps.MultiplyAdd(x, k, a6);
        b6 = TOps.MultiplyAdd(y, k, b6);
        k = TOps.Broadcast(w[7]);
        a7 = TOps.MultiplyAdd(x, k, a7);
        b7 = TOps.MultiplyAdd(y, k, b7);
    }

    /// <summary>Stores the first <paramref name="count"/> of 8 channel accumulators (the rest are the block's zero padding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreChannels<TVec, TOps, TActivation>(float* destination, nint outputPixels, int count,
        TVec a0, TVec a1, TVec a2, TVec a3, TVec a4, TVec a5, TVec a6, TVec a7)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        Store<TVec, TOps, TActivation>(destination, a0);
        if (count > 1) Store<TVec, TOps, TActivation>(destination + outputPixels, a1);
        if (count > 2) Store<TVec, TOps, TActivation>(destination + (2 * outputPixels), a2);
        if (count > 3) Store<TVec, TOps, TActivation>(destination + (3 * outputPixels), a3);
        if (count > 4) Store<TVec, TOps, TActivation>(destination + (4 * outputPixels), a4);
        if (count > 5) Store<TVec, TOps, TActivation>(destination + (5 * outputPixels), a5);
        if (count > 6) Store<TVec, TOps, TActivation>(destination + (6 * outputPixels), a6);
        if (count > 7) Store<TVec, TOps, TActivation>(destination + (7 * outputPixels), a7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store<TVec, TOps, TActivation>(float* destination, TVec value)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator =>
        TOps.Store(destination, TOps.Activate<TActivation>(value));
}
