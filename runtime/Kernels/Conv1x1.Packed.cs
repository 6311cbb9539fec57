using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class Conv1x1
{
    /// <summary>Floats of planes (inputs and outputs) beyond which a call prefetches them, and twice the weights beyond which it prefetches those: a 256 KB half of Zen 3's L2.</summary>
    private const int FarFloats = 65536;

    /// <summary>Most input channels one pass over the packed strip accumulates (see <see cref="PassChannels"/>).</summary>
    private const int MaxPassChannels = 128;

    /// <summary>
    /// The GEMM where x64 has 16 vector registers (AVX2, or SSE): tiles of 4 channels x 3 vectors of pixels (12 accumulators,
    /// 3 inputs and a broadcast), fed from a packed strip. For each pass over at most <see cref="MaxPassChannels"/> input
    /// channels, for each tile of 3 vectors of pixels, the tile's input is copied once into a contiguous strip
    /// (<c>strip[k][pixel]</c>, zero past the plane's end) that stays in L1 while every block of 8 output channels runs its two
    /// halves over it; the pass's weights of all blocks (at most 512 KB) stay in L2 across the tiles. So each input value is read
    /// from its plane once, each weight from L3 once, whatever the plane table, and the inner loop streams two contiguous
    /// buffers (MLAS packs its B panels and blocks K the same way). Passes after the first start from the partial sums they
    /// left in the output rows; the first adds the bias and the residual, the last applies the activation.
    /// The last tile of a range takes what is left, as a tile of 3 vectors over scratch rows (<see cref="CopyIn"/>); but at
    /// most 4 pixels past the plane's whole vectors (14x14 = 24 vectors of 8 + 4, 7x7 = 6 + 1) go as vectors over the
    /// block's 8 channels (<see cref="Pixel8Sum"/>, <see cref="Pixels8x4Sums"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunPacked<TVec, TOps, TActivation>(in Arguments a)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        int tileWidth = 3 * TOps.Count;
        int passChannels = PassChannels(a.InChannels);
        float* strip = stackalloc float[passChannels * tileWidth];
        float* tailStrip = stackalloc float[passChannels * tileWidth];

        // A tile with fewer pixels than its width runs on these rows (its block's rows copied in and out), so the tile reads
        // and writes whole vectors only and nothing past the range.
        float* scratch = stackalloc float[BlockChannels * tileWidth];
        new Span<float>(scratch, BlockChannels * tileWidth).Clear();

        // The tile's 8 rows at its first pixel; a block's padding rows (past the last channel) point at a row that is never read.
        float** tileRows = stackalloc float*[BlockChannels];
        float* padding = stackalloc float[tileWidth];

        int blocks = (a.OutChannels + BlockChannels - 1) / BlockChannels;
        bool cached = blocks * BlockChannels <= MaxCachedRows;
        float** rowCache = stackalloc float*[cached ? blocks * BlockChannels : BlockChannels];
        CacheRows(a, cached, rowCache);

        // Prefetches pay where the data is beyond L2 (MobileNet V1's 56x56 and 28x28 layers, its 512- and 1024-channel
        // weights); in V2 1.0x's 14x14 layers the producer has just written the planes into L2, and they only cost loads.
        bool farPlanes = (long)(a.InChannels + a.OutChannels) * a.Pixels > FarFloats;
        bool farWeights = (long)a.InChannels * a.OutChannels > FarFloats / 2;

        // The plane's last pixels past whole vectors go pixel by pixel when there are at most 4 of them. Only the part that
        // ends the plane has them, and every other pixel goes through the tiles, so a split computes each pixel as the whole
        // call does.
        int tail = a.Pixels % TOps.Count;
        int tiled = a.PixelEnd == a.Pixels && tail <= 4 && Vector256.IsHardwareAccelerated ? a.Pixels - tail : a.PixelEnd;
        for (int k0 = 0; k0 < a.InChannels; k0 += passChannels)
        {
            var pass = new Pass(Math.Min(passChannels, a.InChannels - k0), k0 == 0, k0 + passChannels >= a.InChannels, a.Residual);
            for (int p = a.PixelStart, count; p < a.PixelEnd; p += count)
            {
                bool pixels = p >= tiled;
                count = Math.Min(tileWidth, (pixels ? a.PixelEnd : tiled) - p);
                PackStrip<TVec, TOps>(a, k0, pass.Channels, p, count, tileWidth, farPlanes, strip);

                // The plane's tail goes with its last tile, so each block's weights serve both from L1 (7x7 = 2 tiles + 1 pixel
                // streams the weights of a pass twice, not three times).
                int tailCount = !pixels && p + count == tiled ? a.PixelEnd - tiled : 0;
                if (tailCount > 0)
                {
                    PackStrip<TVec, TOps>(a, k0, pass.Channels, tiled, tailCount, tileWidth, prefetch: false, tailStrip);
                }
                for (int block = 0; block < blocks; block++)
                {
                    int first = block * BlockChannels;
                    float** rows = cached ? rowCache + first : BlockRows(a, first, rowCache);
                    float* weights = a.Weights + ((nint)first * a.InChannels) + ((nint)k0 * BlockChannels);
                    int channels = Math.Min(BlockChannels, a.OutChannels - first);
                    if (farWeights && block + 1 < blocks)
                    {
                        PrefetchWeights(weights + ((nint)BlockChannels * a.InChannels), pass.Channels);
                    }

                    for (int j = 0; farPlanes && j < channels; j++)
                    {
                        PrefetchNextTile(rows[j] + p, tileWidth);
                    }

                    if (pixels)
                    {
                        PackedPixels<TActivation>(pass, strip, tileWidth, count, weights, a.Bias + first, rows, channels, p);
                        continue;
                    }

                    for (int j = 0; j < BlockChannels; j++)
                    {
                        tileRows[j] = j >= channels ? padding : count < tileWidth ? scratch + (j * tileWidth) : rows[j] + p;
                    }

                    if (count < tileWidth)
                    {
                        CopyIn(pass, rows, channels, p, count, tileWidth, scratch);
                    }

                    PackedTile4x3<TVec, TOps, TActivation>(pass, strip, weights, a.Bias + first, tileRows);
                    if (channels > 4)
                    {
                        PackedTile4x3<TVec, TOps, TActivation>(pass, strip, weights + 4, a.Bias + first + 4, tileRows + 4);
                    }

                    if (count < tileWidth)
                    {
                        CopyOut(rows, channels, p, count, scratch, tileWidth);
                    }

                    if (tailCount > 0)
                    {
                        PackedPixels<TActivation>(pass, tailStrip, tileWidth, tailCount, weights, a.Bias + first, rows, channels, tiled);
                    }
                }

                count += tailCount;
            }
        }
    }

    /// <summary>
    /// Input channels per pass: all of them up to 192 (V2 1.0x's 116, MobileNet V1's 128), else the fewest equal passes of at
    /// most <see cref="MaxPassChannels"/> (232 = 2 x 116, 512 = 4 x 128), so the strip (at most 18 KB) and a block's weights
    /// stay in Zen 3's 32 KB L1 and a pass's weights for 1024 output channels fill at most its 512 KB L2.
    /// </summary>
    private static int PassChannels(int inChannels)
    {
        if (inChannels <= MaxPassChannels + (MaxPassChannels / 2))
        {
            return inChannels;
        }

        int passes = (inChannels + MaxPassChannels - 1) / MaxPassChannels;
        return (inChannels + passes - 1) / passes;
    }

    /// <summary>One pass over a range of input channels: its length, whether it is the first or the last, and the store's residual.</summary>
    private readonly struct Pass(int channels, bool first, bool last, bool residual)
    {
        public readonly int Channels = channels;
        public readonly bool First = first;
        public readonly bool Last = last;
        public readonly bool Residual = residual;
    }

    /// <summary>Copies pixels <c>p .. p+count-1</c> of input channels <c>k0 .. k0+channels-1</c> into <c>strip[k][0..tileWidth)</c>, zero past count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PackStrip<TVec, TOps>(in Arguments a, int k0, int channels, int p, int count, int tileWidth, bool prefetch,
        float* strip)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        for (int k = 0; k < channels; k++, strip += tileWidth)
        {
            float* source = a.Input + (PlaneTable.Plane(a.InputPlanes, k0 + k) * a.Pixels) + p;
            if (prefetch)
            {
                PrefetchNextTile(source, tileWidth);
            }

            if (count == tileWidth)
            {
                int lanes = TOps.Count;
                TOps.Store(strip, TOps.Load(source));
                TOps.Store(strip + lanes, TOps.Load(source + lanes));
                TOps.Store(strip + (2 * lanes), TOps.Load(source + (2 * lanes)));
                continue;
            }

            new ReadOnlySpan<float>(source, count).CopyTo(new Span<float>(strip, count));
            new Span<float>(strip + count, tileWidth - count).Clear();
        }
    }

    /// <summary>
    /// The block's rows at pixels <c>p .. p+count-1</c> copied to the rows of <paramref name="scratch"/> as far as the pass
    /// reads them (a residual or partial sums), for a tile narrower than its width.
    /// </summary>
    private static unsafe void CopyIn(in Pass pass, float** rows, int channels, int p, int count, int tileWidth, float* scratch)
    {
        for (int j = 0; j < channels && (!pass.First || pass.Residual); j++)
        {
            new ReadOnlySpan<float>(rows[j] + p, count).CopyTo(new Span<float>(scratch + (j * tileWidth), count));
        }
    }

    /// <summary>The scratch rows' first <paramref name="count"/> pixels back to the block's rows at <paramref name="p"/>.</summary>
    private static unsafe void CopyOut(float** rows, int channels, int p, int count, float* scratch, int tileWidth)
    {
        for (int j = 0; j < channels; j++)
        {
            new ReadOnlySpan<float>(scratch + (j * tileWidth), count).CopyTo(new Span<float>(rows[j] + p, count));
        }
    }

    /// <summary>
    /// Asks for the cache lines of the next tile of a plane (<c>row[tileWidth .. 2 * tileWidth)</c>, 2 or 3 lines) to come
    /// into L2. Inside a model the planes of the 28x28 and larger layers are beyond L2, and a tile reads or writes 64 to 1024
    /// of them at once, more streams than the hardware prefetchers follow; the tile's work hides the wait.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchNextTile(float* row, int tileWidth)
    {
        if (Sse.IsSupported)
        {
            float* next = row + tileWidth;
            Sse.Prefetch1(next);
            Sse.Prefetch1(next + 16);
            Sse.Prefetch1(next + tileWidth - 1);
        }
    }

    /// <summary>
    /// Asks for the next block's weights of the pass (<paramref name="channels"/> x 8 floats, 16 KB apart from block to block,
    /// which the hardware prefetchers do not guess) to come into L2 while this block runs: inside a model a layer's weights
    /// are in L3 (the 7x7 layers use each one for 2 tiles and a pixel).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchWeights(float* weights, int channels)
    {
        if (Sse.IsSupported)
        {
            float* end = weights + ((nint)channels * BlockChannels);
            for (; weights < end; weights += 16)
            {
                Sse.Prefetch1(weights);
            }
        }
    }

    /// <summary>
    /// 4 channels of a block (<paramref name="w"/> at the first one's packed lane) x 3 vectors over the packed strip, into
    /// the 4 rows at <paramref name="rows"/> (each at the tile's first pixel): 7 loads per 12 FMAs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackedTile4x3<TVec, TOps, TActivation>(in Pass pass, float* strip, float* w, float* bias, float** rows)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        int lanes = TOps.Count;
        float* r0 = rows[0], r1 = rows[1], r2 = rows[2], r3 = rows[3];
        TVec a0, a1, a2, a3, b0, b1, b2, b3, c0, c1, c2, c3;
        if (pass.First && !pass.Residual)
        {
            a0 = TOps.Broadcast(bias[0]);
            a1 = TOps.Broadcast(bias[1]);
            a2 = TOps.Broadcast(bias[2]);
            a3 = TOps.Broadcast(bias[3]);
            b0 = a0; b1 = a1; b2 = a2; b3 = a3;
            c0 = a0; c1 = a1; c2 = a2; c3 = a3;
        }
        else
        {
            // A later pass goes on from the partial sums; the first pass with a residual starts from it plus the bias.
            TVec z0 = TOps.Zero, z1 = TOps.Zero, z2 = TOps.Zero, z3 = TOps.Zero;
            if (pass.First)
            {
                z0 = TOps.Broadcast(bias[0]);
                z1 = TOps.Broadcast(bias[1]);
                z2 = TOps.Broadcast(bias[2]);
                z3 = TOps.Broadcast(bias[3]);
            }

            a0 = TOps.Add(TOps.Load(r0), z0); b0 = TOps.Add(TOps.Load(r0 + lanes), z0); c0 = TOps.Add(TOps.Load(r0 + (2 * lanes)), z0);
            a1 = TOps.Add(TOps.Load(r1), z1); b1 = TOps.Add(TOps.Load(r1 + lanes), z1); c1 = TOps.Add(TOps.Load(r1 + (2 * lanes)), z1);
            a2 = TOps.Add(TOps.Load(r2), z2); b2 = TOps.Add(TOps.Load(r2 + lanes), z2); c2 = TOps.Add(TOps.Load(r2 + (2 * lanes)), z2);
            a3 = TOps.Add(TOps.Load(r3), z3); b3 = TOps.Add(TOps.Load(r3 + lanes), z3); c3 = TOps.Add(TOps.Load(r3 + (2 * lanes)), z3);
        }

        int tileWidth = 3 * lanes;
        float* end = strip + ((nint)pass.Channels * tileWidth);
        for (; strip < end; strip += tileWidth, w += BlockChannels)
        {
            TVec x0 = TOps.Load(strip);
            TVec x1 = TOps.Load(strip + lanes);
            TVec x2 = TOps.Load(strip + (2 * lanes));
            TVec wk = TOps.Broadcast(w[0]);
            a0 = TOps.MultiplyAdd(x0, wk, a0);
            b0 = TOps.MultiplyAdd(x1, wk, b0);
            c0 = TOps.MultiplyAdd(x2, wk, c0);
            wk = TOps.Broadcast(w[1]);
            a1 = TOps.MultiplyAdd(x0, wk, a1);
            b1 = TOps.MultiplyAdd(x1, wk, b1);
            c1 = TOps.MultiplyAdd(x2, wk, c1);
            wk = TOps.Broadcast(w[2]);
            a2 = TOps.MultiplyAdd(x0, wk, a2);
            b2 = TOps.MultiplyAdd(x1, wk, b2);
            c2 = TOps.MultiplyAdd(x2, wk, c2);
            wk = TOps.Broadcast(w[3]);
            a3 = TOps.MultiplyAdd(x0, wk, a3);
            b3 = TOps.MultiplyAdd(x1, wk, b3);
            c3 = TOps.MultiplyAdd(x2, wk, c3);
        }

        if (pass.Last)
        {
            a0 = TOps.Activate<TActivation>(a0); b0 = TOps.Activate<TActivation>(b0); c0 = TOps.Activate<TActivation>(c0);
            a1 = TOps.Activate<TActivation>(a1); b1 = TOps.Activate<TActivation>(b1); c1 = TOps.Activate<TActivation>(c1);
            a2 = TOps.Activate<TActivation>(a2); b2 = TOps.Activate<TActivation>(b2); c2 = TOps.Activate<TActivation>(c2);
            a3 = TOps.Activate<TActivation>(a3); b3 = TOps.Activate<TActivation>(b3); c3 = TOps.Activate<TActivation>(c3);
        }

        TOps.Store(r0, a0); TOps.Store(r0 + lanes, b0); TOps.Store(r0 + (2 * lanes), c0);
        TOps.Store(r1, a1); TOps.Store(r1 + lanes, b1); TOps.Store(r1 + (2 * lanes), c1);
        TOps.Store(r2, a2); TOps.Store(r2 + lanes, b2); TOps.Store(r2 + (2 * lanes), c2);
        TOps.Store(r3, a3); TOps.Store(r3 + lanes, b3); TOps.Store(r3 + (2 * lanes), c3);
    }

    /// <summary>
    /// The block's 8 output channels at the strip's 1 to 4 pixels, vectors over the channels (the packed weights of input
    /// channel k are one <see cref="Vector256{T}"/> against the broadcast input): a tile of 3 vectors would throw most of its lanes away.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackedPixels<TActivation>(in Pass pass, float* strip, int tileWidth, int count, float* w, float* bias,
        float** rows, int channels, int p)
        where TActivation : struct, IActivationOperator
    {
        float* held = stackalloc float[BlockChannels];
        Vector256<float> s0 = PixelInitial(pass, bias, rows, channels, p, held);
        if (count == 1)
        {
            s0 = Pixel8Sum(strip, tileWidth, pass.Channels, w, s0);
            PixelFinal<TActivation>(pass, s0, rows, channels, p);
            return;
        }

        Vector256<float> s1 = PixelInitial(pass, bias, rows, channels, p + 1, held);
        Vector256<float> s2 = count > 2 ? PixelInitial(pass, bias, rows, channels, p + 2, held) : s0;
        Vector256<float> s3 = count > 3 ? PixelInitial(pass, bias, rows, channels, p + 3, held) : s0;
        Pixels8x4Sums(strip, strip + 1, count > 2 ? strip + 2 : strip, count > 3 ? strip + 3 : strip, tileWidth, pass.Channels, w,
            ref s0, ref s1, ref s2, ref s3);
        PixelFinal<TActivation>(pass, s0, rows, channels, p);
        PixelFinal<TActivation>(pass, s1, rows, channels, p + 1);
        if (count > 2) PixelFinal<TActivation>(pass, s2, rows, channels, p + 2);
        if (count > 3) PixelFinal<TActivation>(pass, s3, rows, channels, p + 3);
    }

    /// <summary>One pixel's start over the block's channels: the bias (plus the residual) in the first pass, the partial sums after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> PixelInitial(in Pass pass, float* bias, float** rows, int channels, int p, float* held)
    {
        if (pass.First && !pass.Residual)
        {
            return Vector256.Load(bias);
        }

        for (int j = 0; j < BlockChannels; j++)
        {
            held[j] = j < channels ? rows[j][p] : 0f;
        }

        Vector256<float> sums = Vector256.Load(held);
        return pass.First ? sums + Vector256.Load(bias) : sums;
    }

    /// <summary>One pixel's sums into the block's rows, through the activation in the last pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PixelFinal<TActivation>(in Pass pass, Vector256<float> sum, float** rows, int channels, int p)
        where TActivation : struct, IActivationOperator
    {
        if (pass.Last)
        {
            sum = TActivation.Invoke(sum);
        }

        for (int j = 0; j < channels; j++)
        {
            rows[j][p] = sum.GetElement(j);
        }
    }
}
