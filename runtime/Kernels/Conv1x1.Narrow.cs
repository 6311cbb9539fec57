using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class Conv1x1
{
    /// <summary>
    /// Input floats of a chunk of a panel on the 16-register path: 16 KB, half of the 32 KB L1 data cache of Zen 3 and of
    /// most AVX2 cores, so the chunk's input columns stay in L1 while every block of output channels runs over them and
    /// the weights and the stores pass through the other half.
    /// </summary>
    private const int NarrowChunkFloats = 4096;

    /// <summary>Most input channels per chunk: a chunk's partial sums are stored and reloaded once per this many FMAs per accumulator.
    /// A call with more inputs (or a 7x7 plane with more than 83) goes in passes and, with a residual, adds the shortcut first.</summary>
    private const int MaxChunkChannels = 128;

    /// <summary>
    /// The 16-register GEMM (x64 without AVX-512): 4 x 3 tiles over each half of a block of 8 output channels, blocked in
    /// pixels (panels) and in input channels (chunks) so that a chunk's input columns (chunk channels x panel pixels) stay
    /// in L1 for every block. Deep layers (MobileNet V1's 512 channels, V2's 464) stream each tile's whole column of
    /// input — 48 KB for 512 channels — from L2 otherwise, and that, not the FMAs, set their speed: measured on Zen 3,
    /// the same 4 x 3 loop runs at 95% of the FMA peak with 128 channels in L1 and at 74% with 256 from L2.
    /// Between chunks the accumulators go through the output rows: the partial sums are stored exactly (floats) and
    /// reloaded, so a vector's sums are the same as in one pass, in the same order (the 1-4 tail pixels' split chains are
    /// joined at the end of each pass: rounding only). With a residual, a call in more than one pass adds the shortcut
    /// already in the output to the bias before the sum instead of after it (rounding only), in every kernel of the call,
    /// so a part's pixels come out bit for bit as in the whole call wherever its tiles fall. The pixels past the panel's whole tiles (vectors, the masked last vector, the tail)
    /// go pass by pass too, right after the block's tiles, while the chunk's weights are in L1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunNarrow<TVec, TOps, TActivation>(in Arguments a, float** cachedRows, float** rowScratch, int blocks,
        bool pixelTail, int whole, int tail, float* columns)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        int inChannels = a.InChannels;
        nint[]? heapInputs = inChannels > MaxInputRows ? new nint[inChannels] : null;
        float** stackInputs = stackalloc float*[heapInputs == null ? inChannels : 0];
        fixed (nint* pinned = heapInputs)
        {
            float** inputs = heapInputs == null ? stackInputs : (float**)pinned;
            for (int k = 0; k < inChannels; k++)
            {
                inputs[k] = a.Input + (PlaneTable.Plane(a.InputPlanes, k) * a.Pixels);
            }

            int lanes = TOps.Count;
            int tile = 3 * lanes;
            int end = a.PixelEnd;
            (int panel, int chunk) = NarrowBlocking(inChannels, a.Pixels, end - a.PixelStart, tile);

            // Whether the shortcut goes in before the sum: decided by the depth and the plane alone, so every pixel of the
            // call (and of any part of it, wherever its tiles fall) adds it at the same point.
            bool shortcutFirst = a.Residual && chunk < inChannels;

            // The tiles ask for the weights the next block will read at the same input channel: blocks run one after
            // another over each chunk, so that is one block's work ahead wherever the chunk boundaries fall.
            nint nextBlock = (nint)inChannels * BlockChannels;

            // The tiles' columns of each chunk and panel, copied together (see PackColumns).
            bool pack = a.Pixels > 3 * tile && (blocks >= MinPackedBlocks || (blocks >= MinPackedConflictBlocks &&
                MostRowsPerL1Set(inputs, chunk, a.PixelStart, Math.Min(panel, end - a.PixelStart)) >= L1Ways));
            float* packed = stackalloc float[pack ? NarrowChunkFloats : 0];
            float** packedRows = stackalloc float*[pack ? MaxChunkChannels : 0];
            for (int start = a.PixelStart; start < end; start += panel)
            {
                int panelEnd = end - start <= panel + (panel / 2) ? end : start + panel;
                int tilesEnd = start + ((panelEnd - start) / tile * tile);
                int vectorsEnd = start + ((panelEnd - start) / lanes * lanes);
                bool tailHere = pixelTail && panelEnd == end;
                bool maskedHere = !tailHere && vectorsEnd < panelEnd && panelEnd == end;
                for (int k0 = 0; k0 < inChannels; k0 += chunk)
                {
                    int depth = Math.Min(chunk, inChannels - k0);
                    var pass = new Pass(k0 == 0, k0 + depth == inChannels, a.Residual, shortcutFirst);
                    float** columnRows = PackColumns<TVec, TOps>(inputs + k0, depth, start, tilesEnd, panel, packed, packedRows);
                    for (int block = 0; block < blocks; block++)
                    {
                        int first = block * BlockChannels;
                        float** rows = cachedRows != null ? cachedRows + first : BlockRows(a, first, rowScratch);
                        int count = Math.Min(BlockChannels, a.OutChannels - first);
                        float* weights = a.Weights + ((nint)first * inChannels) + ((nint)k0 * BlockChannels);
                        float* bias = a.Bias + first;
                        for (int p = start; p < tilesEnd; p += tile)
                        {
                            Tile4x3<TVec, TOps, TActivation>(columnRows, depth, weights, bias, p, rows, Math.Min(count, 4), pass, nextBlock);
                            if (count > 4)
                            {
                                Tile4x3<TVec, TOps, TActivation>(columnRows, depth, weights + 4, bias + 4, p, rows + 4, count - 4, pass, nextBlock);
                            }
                        }

                        for (int p = tilesEnd; p < vectorsEnd; p += lanes)
                        {
                            Vector8x1<TVec, TOps, TActivation>(inputs + k0, depth, weights, bias, p, rows, count, default, masked: false, pass);
                        }

                        if (tailHere)
                        {
                            // The plane's last 1-4 pixels, from their gathered columns, pass by pass like the tiles: their
                            // weights are still in L1 (a 7x7 layer would stream all its weights a second time for one pixel).
                            if (tail == 1)
                            {
                                Pixel8<TActivation>(columns + k0, depth, weights, bias, whole, rows, count, pass);
                            }
                            else
                            {
                                Pixels8x4<TActivation>(columns + k0, inChannels, tail, depth, weights, bias, whole, rows, count, pass);
                            }
                        }
                        else if (maskedHere)
                        {
                            // Recompute the last whole vector, but only lanes from vectorsEnd on are new; the masked store
                            // writes the others back unchanged (a split gives the last part a whole vector before it).
                            int last = end - lanes;
                            Vector8x1<TVec, TOps, TActivation>(inputs + k0, depth, weights, bias, last, rows, count,
                                TOps.LanesFrom(vectorsEnd - last), masked: true, pass);
                        }
                    }
                }

                if (panelEnd == end)
                {
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Fewest blocks of output channels for which a call packs its columns (<see cref="PackColumns"/>): the copy pays off
    /// over many blocks (measured on Zen 3: 512→512 at 14x14 and 512→1000 at 13x13 7% faster), not over a few (116→116 at
    /// 14x14, 15 blocks, 4% slower; 16 output channels at 55x55, no change), nor on a 7x7 plane, whose rows share pages.
    /// </summary>
    private const int MinPackedBlocks = 16;

    /// <summary>
    /// Fewest blocks for which a call whose chunk rows crowd the L1 sets (<see cref="MostRowsPerL1Set"/>) packs anyway:
    /// measured on Zen 3, 32→64 at 112x112 (8 blocks, 8 rows per set) 67 → 75-78 GFLOP/s; 32→16 at 112x112 (2 blocks)
    /// 5% slower packed, the copy being read by too few blocks.
    /// </summary>
    private const int MinPackedConflictBlocks = 8;

    /// <summary>Ways of the L1 data cache this path is tuned for (Zen 2-4 and Skylake to Raptor Lake's cores: 32 KB, 8 ways of 64 sets).</summary>
    private const int L1Ways = 8;

    /// <summary>Sets of that L1 data cache: 64 of 64-byte lines.</summary>
    private const int L1Sets = 64;

    /// <summary>
    /// The most input rows of a chunk (<paramref name="depth"/> rows, <paramref name="width"/> pixels from
    /// <paramref name="start"/>) that share one set of the L1 data cache. Planes whose size is a multiple of 1 KB
    /// (112x112: every 4th row maps to the same sets) put 8 or more rows of a 32-deep chunk in the same 8-way sets, and
    /// each tile's loads then evict the lines the next block reads; packed, the chunk is contiguous (4 rows per set).
    /// </summary>
    private static unsafe int MostRowsPerL1Set(float** inputs, int depth, int start, int width)
    {
        int* rowsInSet = stackalloc int[L1Sets];
        new Span<int>(rowsInSet, L1Sets).Clear();
        int most = 0;
        for (int k = 0; k < depth; k++)
        {
            nint first = (nint)(inputs[k] + start) / 64;
            nint last = ((nint)(inputs[k] + start + width) - 1) / 64;
            for (nint line = first; line <= last && line < first + L1Sets; line++)
            {
                int count = ++rowsInSet[(int)(line & (L1Sets - 1))];
                most = Math.Max(most, count);
            }
        }

        return most;
    }

    /// <summary>
    /// Copies the tiles' input columns of a chunk and a panel (<paramref name="depth"/> rows of pixels
    /// <c>[start, end)</c>) into <paramref name="packed"/>, row after row, and returns row pointers that take the same
    /// pixel offsets as the input's (<c>rows[k] + p</c>). In the input those are as many 4 KB pages as channels, at
    /// 28x28 and beyond one or more pages each: more than the 64 entries of a Zen 3 core's first-level data TLB, so every
    /// load of every tile paid for a translation; packed, they are the 4 pages of the 16 KB buffer, read in order. The copy
    /// also asks for the next panel's columns (the input comes from L3 when it is larger than L2, as one stream per
    /// channel, more than the hardware prefetchers follow). When the call does not pack (<see cref="MinPackedBlocks"/>), or
    /// without room (never, by <see cref="NarrowBlocking"/>'s budget), the input's own rows are used.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float** PackColumns<TVec, TOps>(float** inputs, int depth, int start, int end, int panel, float* packed,
        float** packedRows)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int width = end - start;
        if (packed == null || (long)depth * width > NarrowChunkFloats || width == 0)
        {
            return inputs;
        }

        int lanes = TOps.Count;
        for (int k = 0; k < depth; k++)
        {
            float* source = inputs[k] + start;
            float* destination = packed + ((nint)k * width);
            if (Sse.IsSupported)
            {
                Sse.Prefetch0(source + panel);
                Sse.Prefetch0(source + panel + width - 1);
            }

            for (int x = 0; x < width; x += lanes)
            {
                TOps.Store(destination + x, TOps.Load(source + x));
            }

            packedRows[k] = destination - start;
        }

        return packedRows;
    }

    /// <summary>
    /// Pixels per panel and input channels per chunk for the 16-register path: all the inputs in one chunk up to
    /// <see cref="MaxChunkChannels"/>, else chunks of at most that many, split evenly (512 = 4 x 128, 464 = 4 x 116); then as
    /// many whole tiles as keep the chunk's columns within <see cref="NarrowChunkFloats"/>, at least one. A plane of a few
    /// tiles (7x7, where each weight is used by only 49 pixels) is one panel, so its weights stream once, tail included,
    /// and its chunks are as deep as fit the budget (232 = 3 x 78, 464 = 6 x 78: 7-9% faster on Zen 3 than 128-deep ones).
    /// </summary>
    internal static (int Panel, int Chunk) NarrowBlocking(int inChannels, int planePixels, int pixels, int tile)
    {
        // Inputs per pass: from the depth and the plane's size, never the part's, so that the tail pixels' sums, which
        // are not sequential, come out the same in any part of the call.
        int most = planePixels <= 3 * tile ? Math.Clamp(NarrowChunkFloats / planePixels, 8, MaxChunkChannels) : MaxChunkChannels;
        int passes = (inChannels + most - 1) / most;
        int chunk = (inChannels + passes - 1) / passes;
        int panel = pixels <= 3 * tile ? pixels : Math.Max(1, NarrowChunkFloats / (chunk * tile)) * tile;
        return (panel, chunk);
    }

    /// <summary>
    /// 4 channels of a block (<paramref name="w"/> at the first one's packed lane) x 3 vectors over input channels
    /// <paramref name="inputs"/>[0 .. <paramref name="depth"/>): 12 accumulators, 3 inputs and a broadcast fill the 16
    /// registers of AVX2; 7 loads per 12 FMAs. The input rows come from the call's table of row pointers, so a step over k
    /// costs one pointer load, and k runs two at a time: the loop's own instructions and the weight prefetch (one cache
    /// line of the packed block per two input channels) are spent once per 24 FMAs. The accumulators start from the bias
    /// in the first chunk (plus the shortcut when the call adds it first), else from the partial sums in the rows; they
    /// go back through the activation (and the shortcut, in a one-pass call) only after the last chunk.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile4x3<TVec, TOps, TActivation>(float** inputs, int depth, float* w, float* bias, int p, float** rows,
        int count, Pass pass, nint prefetchAhead)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        int lanes = TOps.Count;
        TVec a0, a1, a2, a3, b0, b1, b2, b3, c0, c1, c2, c3;
        if (pass.First)
        {
            a0 = TOps.Broadcast(bias[0]);
            a1 = TOps.Broadcast(bias[1]);
            a2 = TOps.Broadcast(bias[2]);
            a3 = TOps.Broadcast(bias[3]);
            b0 = a0; b1 = a1; b2 = a2; b3 = a3;
            c0 = a0; c1 = a1; c2 = a2; c3 = a3;
            if (pass.ShortcutAtStart)
            {
                AddRows4<TVec, TOps>(rows, count, p, ref a0, ref a1, ref a2, ref a3);
                AddRows4<TVec, TOps>(rows, count, p + lanes, ref b0, ref b1, ref b2, ref b3);
                AddRows4<TVec, TOps>(rows, count, p + (2 * lanes), ref c0, ref c1, ref c2, ref c3);
            }
        }
        else
        {
            LoadRows4<TVec, TOps>(rows, count, p, out a0, out a1, out a2, out a3);
            LoadRows4<TVec, TOps>(rows, count, p + lanes, out b0, out b1, out b2, out b3);
            LoadRows4<TVec, TOps>(rows, count, p + (2 * lanes), out c0, out c1, out c2, out c3);
        }

        nint offset = p;
        float** input = inputs;
        float** pairsEnd = inputs + (depth & ~1);
        for (; input < pairsEnd; input += 2, w += 2 * BlockChannels)
        {
            if (Sse.IsSupported)
            {
                // Inside a model the weights come from L3 (a 7x7 layer uses each one 49 times): ask for them early.
                Sse.Prefetch0(w + prefetchAhead);
            }

            TileSteps.Accumulate4x3<TVec, TOps>(input[0] + offset, w,
                ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, ref c0, ref c1, ref c2, ref c3);
            TileSteps.Accumulate4x3<TVec, TOps>(input[1] + offset, w + BlockChannels,
                ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, ref c0, ref c1, ref c2, ref c3);
        }

        if ((depth & 1) != 0)
        {
            TileSteps.Accumulate4x3<TVec, TOps>(input[0] + offset, w,
                ref a0, ref a1, ref a2, ref a3, ref b0, ref b1, ref b2, ref b3, ref c0, ref c1, ref c2, ref c3);
        }

        if (!pass.Last)
        {
            StoreRows4<TVec, TOps, IdentityOperator>(rows, count, p, residual: false, a0, a1, a2, a3);
            StoreRows4<TVec, TOps, IdentityOperator>(rows, count, p + lanes, residual: false, b0, b1, b2, b3);
            StoreRows4<TVec, TOps, IdentityOperator>(rows, count, p + (2 * lanes), residual: false, c0, c1, c2, c3);
            return;
        }

        // A one-pass call adds the shortcut here, after the sum, as the other paths do; a call in passes added it first.
        bool addShortcut = pass.ShortcutAtEnd;
        StoreRows4<TVec, TOps, TActivation>(rows, count, p, addShortcut, a0, a1, a2, a3);
        StoreRows4<TVec, TOps, TActivation>(rows, count, p + lanes, addShortcut, b0, b1, b2, b3);
        StoreRows4<TVec, TOps, TActivation>(rows, count, p + (2 * lanes), addShortcut, c0, c1, c2, c3);
    }

    /// <summary>
    /// 8 channels x 1 vector over input channels <paramref name="inputs"/>[0 .. <paramref name="depth"/>), pass by pass like
    /// <see cref="Tile4x3"/>: the panel's whole vectors past its tiles (28x28 = 32 tiles + 2 vectors), and with
    /// <paramref name="masked"/> the overlapped last vector, of which only the lanes in <paramref name="keep"/> are stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Vector8x1<TVec, TOps, TActivation>(float** inputs, int depth, float* w, float* bias, int p, float** rows,
        int count, TVec keep, bool masked, Pass pass)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        TVec a0, a1, a2, a3, a4, a5, a6, a7;
        if (pass.First)
        {
            a0 = TOps.Broadcast(bias[0]); a1 = TOps.Broadcast(bias[1]); a2 = TOps.Broadcast(bias[2]); a3 = TOps.Broadcast(bias[3]);
            a4 = TOps.Broadcast(bias[4]); a5 = TOps.Broadcast(bias[5]); a6 = TOps.Broadcast(bias[6]); a7 = TOps.Broadcast(bias[7]);
            if (pass.ShortcutAtStart)
            {
                AddRows4<TVec, TOps>(rows, Math.Min(count, 4), p, ref a0, ref a1, ref a2, ref a3);
                if (count > 4)
                {
                    AddRows4<TVec, TOps>(rows + 4, count - 4, p, ref a4, ref a5, ref a6, ref a7);
                }
            }
        }
        else
        {
            LoadRows4<TVec, TOps>(rows, Math.Min(count, 4), p, out a0, out a1, out a2, out a3);
            a4 = a5 = a6 = a7 = TOps.Zero;
            if (count > 4)
            {
                LoadRows4<TVec, TOps>(rows + 4, count - 4, p, out a4, out a5, out a6, out a7);
            }
        }

        nint offset = p;
        for (int k = 0; k < depth; k++, w += BlockChannels)
        {
            TileSteps.Accumulate8x1<TVec, TOps>(TOps.Load(inputs[k] + offset), w, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6, ref a7);
        }

        if (pass.Last)
        {
            if (masked)
            {
                StoreRowsMasked<TVec, TOps, TActivation>(rows, count, p, pass.ShortcutAtEnd, keep, a0, a1, a2, a3, a4, a5, a6, a7);
            }
            else
            {
                StoreRows<TVec, TOps, TActivation>(rows, count, p, pass.ShortcutAtEnd, a0, a1, a2, a3, a4, a5, a6, a7);
            }
        }
        else if (masked)
        {
            StoreRowsMasked<TVec, TOps, IdentityOperator>(rows, count, p, residual: false, keep, a0, a1, a2, a3, a4, a5, a6, a7);
        }
        else
        {
            StoreRows<TVec, TOps, IdentityOperator>(rows, count, p, residual: false, a0, a1, a2, a3, a4, a5, a6, a7);
        }
    }

    /// <summary>Where a kernel call sits among its call's passes over the input channels, and where the shortcut goes in.</summary>
    private readonly struct Pass(bool first, bool last, bool residual, bool shortcutFirst)
    {
        /// <summary>One pass over all the inputs, the shortcut added after the sum (every path but deep 16-register calls).</summary>
        public static Pass Whole(bool residual) => new(true, true, residual, shortcutFirst: false);

        /// <summary>The first pass: the sums start from the bias, else from the partial sums in the rows.</summary>
        public bool First { get; } = first;

        /// <summary>The last pass: the sums go out through the activation, else as they are.</summary>
        public bool Last { get; } = last;

        /// <summary>The shortcut in the rows goes into the starting sums (first pass of a call that adds it first).</summary>
        public bool ShortcutAtStart { get; } = residual && shortcutFirst && first;

        /// <summary>The shortcut in the rows is added to the finished sums, before the activation.</summary>
        public bool ShortcutAtEnd { get; } = residual && !shortcutFirst && last;
    }

    /// <summary>The partial sums of the first <paramref name="count"/> (1-4) rows of a block at pixel <paramref name="p"/>; zero past them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void LoadRows4<TVec, TOps>(float** rows, int count, int p, out TVec a0, out TVec a1, out TVec a2, out TVec a3)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        a0 = TOps.Load(rows[0] + p);
        a1 = count > 1 ? TOps.Load(rows[1] + p) : TOps.Zero;
        a2 = count > 2 ? TOps.Load(rows[2] + p) : TOps.Zero;
        a3 = count > 3 ? TOps.Load(rows[3] + p) : TOps.Zero;
    }

    /// <summary>Adds the first <paramref name="count"/> (1-4) rows of a block at pixel <paramref name="p"/> to the accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void AddRows4<TVec, TOps>(float** rows, int count, int p, ref TVec a0, ref TVec a1, ref TVec a2, ref TVec a3)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        a0 = TOps.Add(a0, TOps.Load(rows[0] + p));
        if (count > 1) a1 = TOps.Add(a1, TOps.Load(rows[1] + p));
        if (count > 2) a2 = TOps.Add(a2, TOps.Load(rows[2] + p));
        if (count > 3) a3 = TOps.Add(a3, TOps.Load(rows[3] + p));
    }
}
