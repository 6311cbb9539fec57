using System;
using System.Runtime.CompilerServices;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class StemConv3x3
{
    /// <summary>
    /// Tiles of 8 output channels x one vector of output columns: for each input channel and tap row, two
    /// deinterleaving loads give the three stride-2 column vectors, each met by 8 broadcast weights.
    /// Column 0 and the right border are scalar; missing top/bottom rows are skipped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunVector<TVec, TOps>(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights,
        ReadOnlySpan<float> packedBias, Span<float> output, in Shape shape)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int lanes = TOps.Count;
        int width = shape.Width, outWidth = shape.OutWidth;
        nint inputPixels = (nint)shape.Height * width;
        nint outputPixels = (nint)shape.OutHeight * outWidth;
        int lastStart = Math.Min((width - 1 - (2 * lanes)) / 2, outWidth - lanes);
        bool relu = shape.Relu;

        fixed (float* inputBase = input)
        fixed (float* weightBase = packedWeights)
        fixed (float* biasBase = packedBias)
        fixed (float* outputBase = output)
        {
            for (int first = 0; first < shape.OutChannels; first += BlockChannels)
            {
                int count = Math.Min(BlockChannels, shape.OutChannels - first);
                float* weights = weightBase + ((nint)first * shape.InChannels * Taps);
                float* bias = biasBase + first;
                for (int oy = 0; oy < shape.OutHeight; oy++)
                {
                    int kyFrom = oy == 0 ? 1 : 0;
                    int kyTo = Math.Min(3, shape.Height - (2 * oy) + 1);
                    float* topRow = inputBase + ((nint)((2 * oy) - 1) * width);
                    float* row = outputBase + ((nint)first * outputPixels) + ((nint)oy * outWidth);

                    for (int j = 0; j < count; j++)
                    {
                        row[j * outputPixels] = Point(input, packedWeights, packedBias, shape, first + j, oy, 0);
                    }

                    for (int x = 1; ; x += lanes)
                    {
                        x = Math.Min(x, lastStart);
                        Tile<TVec, TOps>(topRow + (2 * x) - 1, inputPixels, width, shape.InChannels, kyFrom, kyTo,
                            weights, bias, row + x, outputPixels, count, relu);
                        if (x == lastStart)
                        {
                            break;
                        }
                    }

                    for (int ox = lastStart + lanes; ox < outWidth; ox++)
                    {
                        for (int j = 0; j < count; j++)
                        {
                            row[(j * outputPixels) + ox] = Point(input, packedWeights, packedBias, shape, first + j, oy, ox);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// 8 output channels at one vector of columns. <paramref name="left"/> points at input channel 0, tap row 0
    /// (one row above the centre), column 2x-1; rows before <paramref name="kyFrom"/> and from <paramref name="kyTo"/> are padding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile<TVec, TOps>(float* left, nint inputPixels, int width, int inChannels, int kyFrom, int kyTo,
        float* w, float* bias, float* destination, nint outputPixels, int count, bool relu)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        TVec a0 = TOps.Broadcast(bias[0]), a1 = TOps.Broadcast(bias[1]), a2 = TOps.Broadcast(bias[2]), a3 = TOps.Broadcast(bias[3]);
        TVec a4 = TOps.Broadcast(bias[4]), a5 = TOps.Broadcast(bias[5]), a6 = TOps.Broadcast(bias[6]), a7 = TOps.Broadcast(bias[7]);
        for (int ci = 0; ci < inChannels; ci++, left += inputPixels, w += Taps * BlockChannels)
        {
            for (int ky = kyFrom; ky < kyTo; ky++)
            {
                float* source = left + ((nint)ky * width);
                TOps.LoadDeinterleaved(source, out TVec column0, out TVec column1);
                TOps.LoadDeinterleaved(source + 2, out TVec column2, out _);
                float* tap = w + (ky * 3 * BlockChannels);
                Accumulate<TVec, TOps>(column0, tap, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7);
                Accumulate<TVec, TOps>(column1, tap + BlockChannels, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7);
                Accumulate<TVec, TOps>(column2, tap + (2 * BlockChannels), ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7);
            }
        }

        Store<TVec, TOps>(destination, a0, relu);
        if (count > 1) Store<TVec, TOps>(destination + outputPixels, a1, relu);
        if (count > 2) Store<TVec, TOps>(destination + (2 * outputPixels), a2, relu);
        if (count > 3) Store<TVec, TOps>(destination + (3 * outputPixels), a3, relu);
        if (count > 4) Store<TVec, TOps>(destination + (4 * outputPixels), a4, relu);
        if (count > 5) Store<TVec, TOps>(destination + (5 * outputPixels), a5, relu);
        if (count > 6) Store<TVec, TOps>(destination + (6 * outputPixels), a6, relu);
        if (count > 7) Store<TVec, TOps>(destination + (7 * outputPixels), a7, relu);
    }

    /// <summary>One tap for 8 output channels: the input columns times each channel's broadcast weight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Accumulate<TVec, TOps>(TVec x, float* w,
        ref TVec a0, ref TVec a1, ref TVec a2, ref TVec a3, ref TVec a4, ref TVec a5, ref TVec a6, ref TVec a7)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        a0 = TOps.MultiplyAdd(x, TOps.Broadcast(w[0]), a0);
        a1 = TOps.MultiplyAdd(x, TOps.Broadcast(w[1]), a1);
        a2 = TOps.MultiplyAdd(x, TOps.Broadcast(w[2]), a2);
        a3 = TOps.MultiplyAdd(x, TOps.Broadcast(w[3]), a3);
        a4 = TOps.MultiplyAdd(x, TOps.Broadcast(w[4]), a4);
        a5 = TOps.MultiplyAdd(x, TOps.Broadcast(w[5]), a5);
        a6 = TOps.MultiplyAdd(x, TOps.Broadcast(w[6]), a6);
        a7 = TOps.MultiplyAdd(x, TOps.Broadcast(w[7]), a7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store<TVec, TOps>(float* destination, TVec value, bool relu)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec> =>
        TOps.Store(destination, relu ? TOps.MaxNative(value, TOps.Zero) : value);
}
