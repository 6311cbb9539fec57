using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class Conv1x1
{
    /// <summary>
    /// How far ahead of the weight stream the tiles prefetch: 512 floats (2 KB, 64 input channels of a block). Inside a
    /// whole V2 1.0x the 7x7 layers use each weight once, straight from L3; measured per layer on Zen 5, their time fell
    /// from about 35 to 30 us (232 channels) and conv5's from 292 to 245 us, and 256 floats ahead did about half as well.
    /// </summary>
    private const int WeightPrefetchFloats = 512;

    /// <summary>Most input floats the pixel tail gathers into a stack buffer (tail pixels x input channels, 32 KB).</summary>
    private const int MaxTailFloats = 8192;

    /// <summary>
    /// The register-blocked GEMM: for each panel of pixels (see <see cref="PanelPixels"/>), for each block of 8 output
    /// channels, tiles of 8 channels x 3 vectors of pixels (24 accumulators, where the ISA has 32 vector registers; 4 x 6
    /// for a block of at most 4 channels) then 8 x 2; then 8 x 1 (where the ISA has 16, x64 without AVX-512, the blocks run
    /// as 4 x 3 halves in passes over the inputs instead: <see cref="RunNarrow"/>);
    /// then, in the last panel, a tail of at most 4 pixels (a quarter of an AVX-512 vector, half of an AVX2 one: 14x14 = 24
    /// vectors of 8 + 4) with vectors over the block's channels (<see cref="Pixel8"/>, <see cref="Pixels8x4"/>), or one overlapped,
    /// masked vector so a residual is never added twice.
    /// The tail pixels' input columns are gathered once per call into a contiguous stack buffer, so each block's tail
    /// reads them as a stream instead of one cache line per input channel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunVector<TVec, TOps, TActivation>(in Arguments a)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        // 24 accumulators + 3 inputs + a broadcast need 32 registers (AVX-512, Arm64); x64 without AVX-512 has 16.
        bool wide = Avx512F.IsSupported || AdvSimd.Arm64.IsSupported;
        int lanes = TOps.Count;
        int whole = a.Pixels / lanes * lanes;
        int tail = a.Pixels - whole;
        int end = a.PixelEnd;

        // Only the part that ends the plane has a tail; the others end on a whole vector.
        bool pixelTail = end == a.Pixels && tail > 0 && Vector256.IsHardwareAccelerated && tail <= 4 && tail * a.InChannels <= MaxTailFloats;
        float* columns = stackalloc float[pixelTail ? tail * a.InChannels : 0];
        if (pixelTail)
        {
            GatherColumns(a, whole, tail, columns);
        }

        // Every block's output rows are looked up once per call, unless there are too many to keep on the stack; then
        // once per panel.
        int blocks = (a.OutChannels + BlockChannels - 1) / BlockChannels;
        bool cached = blocks * BlockChannels <= MaxCachedRows;
        float** rowCache = stackalloc float*[cached ? blocks * BlockChannels : BlockChannels];
        if (cached)
        {
            for (int first = 0; first < a.OutChannels; first += BlockChannels)
            {
                BlockRows(a, first, rowCache + first);
            }
        }

        if (!wide)
        {
            RunNarrow<TVec, TOps, TActivation>(a, cached ? rowCache : null, rowCache, blocks, pixelTail, whole, tail, columns);
            return;
        }

        // Panels of pixels, outermost: all the blocks run over one panel while its input columns are still in L1, so the
        // input is read from L2 once per panel instead of once per block (V2's 28x28 and 14x14 layers reread it 8-58
        // times). The last panel takes what is left, tail included, so a plane of one panel (7x7) streams its weights once.
        int panel = PanelPixels(a.InChannels, lanes);
        for (int start = a.PixelStart; start < end; start += panel)
        {
            int panelEnd = end - start <= panel + (panel / 2) ? end : start + panel;
            for (int block = 0; block < blocks; block++)
            {
                int first = block * BlockChannels;
                float** rows = cached ? rowCache + first : BlockRows(a, first, rowCache);
                RunBlock<TVec, TOps, TActivation>(a, a.Weights + ((nint)first * a.InChannels), a.Bias + first, rows,
                    Math.Min(BlockChannels, a.OutChannels - first), start, panelEnd, pixelTail && panelEnd == end, whole, tail, columns);
            }

            if (panelEnd == end)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Pixels per panel: whole 3-vector tiles whose input columns (<paramref name="inChannels"/> x pixels) fill at most
    /// <see cref="PanelFloats"/>, and at least one tile.
    /// </summary>
    private static int PanelPixels(int inChannels, int lanes)
    {
        int tile = 3 * lanes;
        return Math.Max(1, PanelFloats / (inChannels * tile)) * tile;
    }

    /// <summary>Input floats of a panel: half of a 48 KB L1 data cache, the rest for the weights and the stores.</summary>
    private const int PanelFloats = 6144;

    /// <summary>Most input rows whose pointers a call keeps on the stack for the 16-register tiles (32 KB): 4096 input channels; deeper inputs get a heap table.</summary>
    private const int MaxInputRows = 4096;

    /// <summary>Most output rows whose pointers a call keeps on the stack (16 KB): 2048 output channels.</summary>
    private const int MaxCachedRows = 2048;

    /// <summary>The output rows of the block of 8 channels from <paramref name="first"/> into <paramref name="rows"/>; null past the last channel.</summary>
    private static unsafe float** BlockRows(in Arguments a, int first, float** rows)
    {
        for (int j = 0; j < BlockChannels; j++)
        {
            rows[j] = first + j < a.OutChannels ? a.Output + (PlaneTable.Plane(a.OutputPlanes, first + j) * a.Pixels) : null;
        }

        return rows;
    }

    /// <summary>One block of 8 output channels over pixels <c>[p, end)</c> of a panel, and the plane's tail when it ends the plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void RunBlock<TVec, TOps, TActivation>(in Arguments a, float* weights, float* bias, float** rows, int count,
        int p, int end, bool pixelTail, int whole, int tail, float* columns)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        int lanes = TOps.Count;
        if (count <= BlockChannels / 2)
        {
            // A last block of at most 4 channels (V1 g8's groups of 12, g3's of 20, V2 2.0x's 244): 4 rows x 6
            // vectors, so no FMA is spent on the block's padding rows.
            for (; p + (6 * lanes) <= end; p += 6 * lanes)
            {
                Tile4x6<TVec, TOps, TActivation>(a, weights, bias, p, rows, count);
            }
        }

        for (; p + (3 * lanes) <= end; p += 3 * lanes)
        {
            Tile8x3<TVec, TOps, TActivation>(a, weights, bias, p, rows, count);
        }

        for (; p + (2 * lanes) <= end; p += 2 * lanes)
        {
            Tile8x2<TVec, TOps, TActivation>(a, weights, bias, p, rows, count);
        }

        for (; p + lanes <= end; p += lanes)
        {
            Tile8x1<TVec, TOps, TActivation>(a, weights, bias, p, rows, count, default, masked: false);
        }

        if (pixelTail)
        {
            // A few pixels left (7x7 = 3 vectors of 16 + 1, 14x14 = 12 + 4): vectors over the block's 8 channels
            // cost far less than a whole masked tile, of which most lanes would be thrown away.
            if (tail == 1)
            {
                Pixel8<TActivation>(columns, a.InChannels, weights, bias, whole, rows, count, Pass.Whole(a.Residual));
            }
            else
            {
                Pixels8x4<TActivation>(columns, a.InChannels, tail, a.InChannels, weights, bias, whole, rows, count, Pass.Whole(a.Residual));
            }
        }
        else if (p < end && end == a.PixelEnd)
        {
            // Recompute the last whole vector, but only lanes from p on are new. The masked store writes the other
            // lanes back unchanged; they are this part's own (a split gives the last part a whole vector before it).
            int start = end - lanes;
            Tile8x1<TVec, TOps, TActivation>(a, weights, bias, start, rows, count, TOps.LanesFrom(p - start), masked: true);
        }
    }

    /// <summary>Copies input pixels <c>first .. first+tail-1</c> of every input channel into <c>columns[pixel][channel]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void GatherColumns(in Arguments a, int first, int tail, float* columns)
    {
        for (int k = 0; k < a.InChannels; k++)
        {
            float* source = a.Input + (PlaneTable.Plane(a.InputPlanes, k) * a.Pixels) + first;
            for (int i = 0; i < tail; i++)
            {
                columns[((nint)i * a.InChannels) + k] = source[i];
            }
        }
    }

    /// <summary>8 channels x 3 vectors: 24 accumulators, 3 inputs and a broadcast in AVX-512's 32 registers; 11 loads per 24 FMAs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile8x3<TVec, TOps, TActivation>(in Arguments a, float* w, float* bias, int p, float** rows, int count)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        TVec a0 = TOps.Broadcast(bias[0]), a1 = TOps.Broadcast(bias[1]), a2 = TOps.Broadcast(bias[2]), a3 = TOps.Broadcast(bias[3]);
        TVec a4 = TOps.Broadcast(bias[4]), a5 = TOps.Broadcast(bias[5]), a6 = TOps.Broadcast(bias[6]), a7 = TOps.Broadcast(bias[7]);
        TVec b0 = a0, b1 = a1, b2 = a2, b3 = a3, b4 = a4, b5 = a5, b6 = a6, b7 = a7;
        TVec c0 = a0, c1 = a1, c2 = a2, c3 = a3, c4 = a4, c5 = a5, c6 = a6, c7 = a7;
        int lanes = TOps.Count;
        float* column = a.Input + p;
        nint pixels = a.Pixels;
        int* planes = a.InputPlanes;
        int inChannels = a.InChannels;
        for (int k = 0; k < inChannels; k++, w += BlockChannels)
        {
            if (Sse.IsSupported)
            {
                // Inside a model the weights come from L3 (a 7x7 layer uses each one once): ask for them early.
                Sse.Prefetch0(w + WeightPrefetchFloats);
            }

            float* source = column + (PlaneTable.Plane(planes, k) * pixels);
            TVec x0 = TOps.Load(source);
            TVec x1 = TOps.Load(source + lanes);
            TVec x2 = TOps.Load(source + (2 * lanes));
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
            wk = TOps.Broadcast(w[4]);
            a4 = TOps.MultiplyAdd(x0, wk, a4);
            b4 = TOps.MultiplyAdd(x1, wk, b4);
            c4 = TOps.MultiplyAdd(x2, wk, c4);
            wk = TOps.Broadcast(w[5]);
            a5 = TOps.MultiplyAdd(x0, wk, a5);
            b5 = TOps.MultiplyAdd(x1, wk, b5);
            c5 = TOps.MultiplyAdd(x2, wk, c5);
            wk = TOps.Broadcast(w[6]);
            a6 = TOps.MultiplyAdd(x0, wk, a6);
            b6 = TOps.MultiplyAdd(x1, wk, b6);
            c6 = TOps.MultiplyAdd(x2, wk, c6);
            wk = TOps.Broadcast(w[7]);
            a7 = TOps.MultiplyAdd(x0, wk, a7);
            b7 = TOps.MultiplyAdd(x1, wk, b7);
            c7 = TOps.MultiplyAdd(x2, wk, c7);
        }

        StoreRows<TVec, TOps, TActivation>(rows, count, p, a.Residual, a0, a1, a2, a3, a4, a5, a6, a7);
        StoreRows<TVec, TOps, TActivation>(rows, count, p + lanes, a.Residual, b0, b1, b2, b3, b4, b5, b6, b7);
        StoreRows<TVec, TOps, TActivation>(rows, count, p + (2 * lanes), a.Residual, c0, c1, c2, c3, c4, c5, c6, c7);
    }

    /// <summary>
    /// The first 4 channels of a block x 6 vectors: 24 accumulators, 6 inputs and a broadcast in AVX-512's 32 registers;
    /// 10 loads per 24 FMAs. For a block of at most 4 channels, whose other 4 packed rows are padding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile4x6<TVec, TOps, TActivation>(in Arguments a, float* w, float* bias, int p, float** rows, int count)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        TVec a0 = TOps.Broadcast(bias[0]), a1 = TOps.Broadcast(bias[1]), a2 = TOps.Broadcast(bias[2]), a3 = TOps.Broadcast(bias[3]);
        TVec b0 = a0, b1 = a1, b2 = a2, b3 = a3;
        TVec c0 = a0, c1 = a1, c2 = a2, c3 = a3;
        TVec d0 = a0, d1 = a1, d2 = a2, d3 = a3;
        TVec e0 = a0, e1 = a1, e2 = a2, e3 = a3;
        TVec f0 = a0, f1 = a1, f2 = a2, f3 = a3;
        int lanes = TOps.Count;
        float* column = a.Input + p;
        nint pixels = a.Pixels;
        int* planes = a.InputPlanes;
        int inChannels = a.InChannels;
        for (int k = 0; k < inChannels; k++, w += BlockChannels)
        {
            float* source = column + (PlaneTable.Plane(planes, k) * pixels);
            TVec x0 = TOps.Load(source);
            TVec x1 = TOps.Load(source + lanes);
            TVec x2 = TOps.Load(source + (2 * lanes));
            TVec x3 = TOps.Load(source + (3 * lanes));
            TVec x4 = TOps.Load(source + (4 * lanes));
            TVec x5 = TOps.Load(source + (5 * lanes));
            TVec wk = TOps.Broadcast(w[0]);
            a0 = TOps.MultiplyAdd(x0, wk, a0);
            b0 = TOps.MultiplyAdd(x1, wk, b0);
            c0 = TOps.MultiplyAdd(x2, wk, c0);
            d0 = TOps.MultiplyAdd(x3, wk, d0);
            e0 = TOps.MultiplyAdd(x4, wk, e0);
            f0 = TOps.MultiplyAdd(x5, wk, f0);
            wk = TOps.Broadcast(w[1]);
            a1 = TOps.MultiplyAdd(x0, wk, a1);
            b1 = TOps.MultiplyAdd(x1, wk, b1);
            c1 = TOps.MultiplyAdd(x2, wk, c1);
            d1 = TOps.MultiplyAdd(x3, wk, d1);
            e1 = TOps.MultiplyAdd(x4, wk, e1);
            f1 = TOps.MultiplyAdd(x5, wk, f1);
            wk = TOps.Broadcast(w[2]);
            a2 = TOps.MultiplyAdd(x0, wk, a2);
            b2 = TOps.MultiplyAdd(x1, wk, b2);
            c2 = TOps.MultiplyAdd(x2, wk, c2);
            d2 = TOps.MultiplyAdd(x3, wk, d2);
            e2 = TOps.MultiplyAdd(x4, wk, e2);
            f2 = TOps.MultiplyAdd(x5, wk, f2);
            wk = TOps.Broadcast(w[3]);
            a3 = TOps.MultiplyAdd(x0, wk, a3);
            b3 = TOps.MultiplyAdd(x1, wk, b3);
            c3 = TOps.MultiplyAdd(x2, wk, c3);
            d3 = TOps.MultiplyAdd(x3, wk, d3);
            e3 = TOps.MultiplyAdd(x4, wk, e3);
            f3 = TOps.MultiplyAdd(x5, wk, f3);
        }

        StoreRows4<TVec, TOps, TActivation>(rows, count, p, a.Residual, a0, a1, a2, a3);
        StoreRows4<TVec, TOps, TActivation>(rows, count, p + lanes, a.Residual, b0, b1, b2, b3);
        StoreRows4<TVec, TOps, TActivation>(rows, count, p + (2 * lanes), a.Residual, c0, c1, c2, c3);
        StoreRows4<TVec, TOps, TActivation>(rows, count, p + (3 * lanes), a.Residual, d0, d1, d2, d3);
        StoreRows4<TVec, TOps, TActivation>(rows, count, p + (4 * lanes), a.Residual, e0, e1, e2, e3);
        StoreRows4<TVec, TOps, TActivation>(rows, count, p + (5 * lanes), a.Residual, f0, f1, f2, f3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile8x2<TVec, TOps, TActivation>(in Arguments a, float* w, float* bias, int p, float** rows, int count)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        TVec a0 = TOps.Broadcast(bias[0]), a1 = TOps.Broadcast(bias[1]), a2 = TOps.Broadcast(bias[2]), a3 = TOps.Broadcast(bias[3]);
        TVec a4 = TOps.Broadcast(bias[4]), a5 = TOps.Broadcast(bias[5]), a6 = TOps.Broadcast(bias[6]), a7 = TOps.Broadcast(bias[7]);
        TVec b0 = a0, b1 = a1, b2 = a2, b3 = a3, b4 = a4, b5 = a5, b6 = a6, b7 = a7;
        int lanes = TOps.Count;
        float* column = a.Input + p;
        nint pixels = a.Pixels;
        int* planes = a.InputPlanes;
        int inChannels = a.InChannels;
        for (int k = 0; k < inChannels; k++, w += BlockChannels)
        {
            if (Sse.IsSupported)
            {
                Sse.Prefetch0(w + WeightPrefetchFloats);
            }

            float* source = column + (PlaneTable.Plane(planes, k) * pixels);
            TVec x0 = TOps.Load(source);
            TVec x1 = TOps.Load(source + lanes);
            TVec wk = TOps.Broadcast(w[0]);
            a0 = TOps.MultiplyAdd(x0, wk, a0);
            b0 = TOps.MultiplyAdd(x1, wk, b0);
            wk = TOps.Broadcast(w[1]);
            a1 = TOps.MultiplyAdd(x0, wk, a1);
            b1 = TOps.MultiplyAdd(x1, wk, b1);
            wk = TOps.Broadcast(w[2]);
            a2 = TOps.MultiplyAdd(x0, wk, a2);
            b2 = TOps.MultiplyAdd(x1, wk, b2);
            wk = TOps.Broadcast(w[3]);
            a3 = TOps.MultiplyAdd(x0, wk, a3);
            b3 = TOps.MultiplyAdd(x1, wk, b3);
            wk = TOps.Broadcast(w[4]);
            a4 = TOps.MultiplyAdd(x0, wk, a4);
            b4 = TOps.MultiplyAdd(x1, wk, b4);
            wk = TOps.Broadcast(w[5]);
            a5 = TOps.MultiplyAdd(x0, wk, a5);
            b5 = TOps.MultiplyAdd(x1, wk, b5);
            wk = TOps.Broadcast(w[6]);
            a6 = TOps.MultiplyAdd(x0, wk, a6);
            b6 = TOps.MultiplyAdd(x1, wk, b6);
            wk = TOps.Broadcast(w[7]);
            a7 = TOps.MultiplyAdd(x0, wk, a7);
            b7 = TOps.MultiplyAdd(x1, wk, b7);
        }

        StoreRows<TVec, TOps, TActivation>(rows, count, p, a.Residual, a0, a1, a2, a3, a4, a5, a6, a7);
        StoreRows<TVec, TOps, TActivation>(rows, count, p + lanes, a.Residual, b0, b1, b2, b3, b4, b5, b6, b7);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile8x1<TVec, TOps, TActivation>(in Arguments a, float* w, float* bias, int p, float** rows, int count,
        TVec keep, bool masked)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        TVec a0 = TOps.Broadcast(bias[0]), a1 = TOps.Broadcast(bias[1]), a2 = TOps.Broadcast(bias[2]), a3 = TOps.Broadcast(bias[3]);
        TVec a4 = TOps.Broadcast(bias[4]), a5 = TOps.Broadcast(bias[5]), a6 = TOps.Broadcast(bias[6]), a7 = TOps.Broadcast(bias[7]);
        bool residual = a.Residual;
        float* column = a.Input + p;
        nint pixels = a.Pixels;
        int* planes = a.InputPlanes;
        int inChannels = a.InChannels;
        for (int k = 0; k < inChannels; k++, w += BlockChannels)
        {
            if (Sse.IsSupported)
            {
                Sse.Prefetch0(w + WeightPrefetchFloats);
            }

            TVec x = TOps.Load(column + (PlaneTable.Plane(planes, k) * pixels));
            a0 = TOps.MultiplyAdd(x, TOps.Broadcast(w[0]), a0);
            a1 = TOps.MultiplyAdd(x, TOps.Broadcast(w[1]), a1);
            a2 = TOps.MultiplyAdd(x, TOps.Broadcast(w[2]), a2);
            a3 = TOps.MultiplyAdd(x, TOps.Broadcast(w[3]), a3);
            a4 = TOps.MultiplyAdd(x, TOps.Broadcast(w[4]), a4);
            a5 = TOps.MultiplyAdd(x, TOps.Broadcast(w[5]), a5);
            a6 = TOps.MultiplyAdd(x, TOps.Broadcast(w[6]), a6);
            a7 = TOps.MultiplyAdd(x, TOps.Broadcast(w[7]), a7);
        }

        if (masked)
        {
            StoreRowsMasked<TVec, TOps, TActivation>(rows, count, p, residual, keep, a0, a1, a2, a3, a4, a5, a6, a7);
        }
        else
        {
            StoreRows<TVec, TOps, TActivation>(rows, count, p, residual, a0, a1, a2, a3, a4, a5, a6, a7);
        }
    }

    /// <summary>
    /// The block's 8 output channels at one pixel, from that pixel's gathered input column: the packed weights of
    /// input channel k are one <see cref="Vector256{T}"/> against the broadcast input value; eight chains over k hide
    /// the FMA latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Pixel8<TActivation>(float* column, int inChannels, float* w, float* bias, int p, float** rows, int count,
        Pass pass)
        where TActivation : struct, IActivationOperator
    {
        Vector256<float> s0 = PixelStart(bias, rows, count, p, pass), s1 = Vector256<float>.Zero, s2 = Vector256<float>.Zero, s3 = Vector256<float>.Zero;
        Vector256<float> s4 = Vector256<float>.Zero, s5 = Vector256<float>.Zero, s6 = Vector256<float>.Zero, s7 = Vector256<float>.Zero;
        int k = 0;
        for (; k + 8 <= inChannels; k += 8, w += 8 * BlockChannels)
        {
            s0 = Vector256.MultiplyAddEstimate(Vector256.Load(w), Vector256.Create(column[k]), s0);
            s1 = Vector256.MultiplyAddEstimate(Vector256.Load(w + BlockChannels), Vector256.Create(column[k + 1]), s1);
            s2 = Vector256.MultiplyAddEstimate(Vector256.Load(w + (2 * BlockChannels)), Vector256.Create(column[k + 2]), s2);
            s3 = Vector256.MultiplyAddEstimate(Vector256.Load(w + (3 * BlockChannels)), Vector256.Create(column[k + 3]), s3);
            s4 = Vector256.MultiplyAddEstimate(Vector256.Load(w + (4 * BlockChannels)), Vector256.Create(column[k + 4]), s4);
            s5 = Vector256.MultiplyAddEstimate(Vector256.Load(w + (5 * BlockChannels)), Vector256.Create(column[k + 5]), s5);
            s6 = Vector256.MultiplyAddEstimate(Vector256.Load(w + (6 * BlockChannels)), Vector256.Create(column[k + 6]), s6);
            s7 = Vector256.MultiplyAddEstimate(Vector256.Load(w + (7 * BlockChannels)), Vector256.Create(column[k + 7]), s7);
        }

        for (; k < inChannels; k++, w += BlockChannels)
        {
            s0 = Vector256.MultiplyAddEstimate(Vector256.Load(w), Vector256.Create(column[k]), s0);
        }

        PixelEnd<TActivation>(((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)), rows, count, p, pass);
    }

    /// <summary>
    /// The block's 8 output channels at 2 to 4 pixels in one pass over its weights (14x14 = 12 vectors of 16 + 4): each
    /// input channel's 8 packed weights are loaded once for all the pixels; two chains per pixel (even and odd k) hide the
    /// FMA latency. Pixels past <paramref name="tail"/> repeat pixel 0 and are not stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Pixels8x4<TActivation>(float* columns, int stride, int tail, int inChannels, float* w, float* bias, int p,
        float** rows, int count, Pass pass)
        where TActivation : struct, IActivationOperator
    {
        float* c0 = columns;
        float* c1 = tail > 1 ? columns + stride : columns;
        float* c2 = tail > 2 ? columns + (2 * stride) : columns;
        float* c3 = tail > 3 ? columns + (3 * stride) : columns;
        Vector256<float> a0 = PixelStart(bias, rows, count, p, pass);
        Vector256<float> a1 = tail > 1 ? PixelStart(bias, rows, count, p + 1, pass) : a0;
        Vector256<float> a2 = tail > 2 ? PixelStart(bias, rows, count, p + 2, pass) : a0;
        Vector256<float> a3 = tail > 3 ? PixelStart(bias, rows, count, p + 3, pass) : a0;
        Vector256<float> e0 = Vector256<float>.Zero, e1 = Vector256<float>.Zero, e2 = Vector256<float>.Zero, e3 = Vector256<float>.Zero;
        int k = 0;
        for (; k + 2 <= inChannels; k += 2, w += 2 * BlockChannels)
        {
            Vector256<float> even = Vector256.Load(w), odd = Vector256.Load(w + BlockChannels);
            a0 = Vector256.MultiplyAddEstimate(even, Vector256.Create(c0[k]), a0);
            a1 = Vector256.MultiplyAddEstimate(even, Vector256.Create(c1[k]), a1);
            a2 = Vector256.MultiplyAddEstimate(even, Vector256.Create(c2[k]), a2);
            a3 = Vector256.MultiplyAddEstimate(even, Vector256.Create(c3[k]), a3);
            e0 = Vector256.MultiplyAddEstimate(odd, Vector256.Create(c0[k + 1]), e0);
            e1 = Vector256.MultiplyAddEstimate(odd, Vector256.Create(c1[k + 1]), e1);
            e2 = Vector256.MultiplyAddEstimate(odd, Vector256.Create(c2[k + 1]), e2);
            e3 = Vector256.MultiplyAddEstimate(odd, Vector256.Create(c3[k + 1]), e3);
        }

        if (k < inChannels)
        {
            Vector256<float> last = Vector256.Load(w);
            a0 = Vector256.MultiplyAddEstimate(last, Vector256.Create(c0[k]), a0);
            a1 = Vector256.MultiplyAddEstimate(last, Vector256.Create(c1[k]), a1);
            a2 = Vector256.MultiplyAddEstimate(last, Vector256.Create(c2[k]), a2);
            a3 = Vector256.MultiplyAddEstimate(last, Vector256.Create(c3[k]), a3);
        }

        PixelEnd<TActivation>(a0 + e0, rows, count, p, pass);
        PixelEnd<TActivation>(a1 + e1, rows, count, p + 1, pass);
        if (tail > 2) PixelEnd<TActivation>(a2 + e2, rows, count, p + 2, pass);
        if (tail > 3) PixelEnd<TActivation>(a3 + e3, rows, count, p + 3, pass);
    }

    /// <summary>
    /// A pixel's 8 starting sums: the bias in a call's first pass over the inputs (plus the shortcut already in the block's
    /// rows when the call adds it first, <see cref="RunNarrow"/>), else the partial sums the last pass left in the rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> PixelStart(float* bias, float** rows, int count, int p, Pass pass)
    {
        if (pass.First && !pass.ShortcutAtStart)
        {
            return Vector256.Load(bias);
        }

        float* held = stackalloc float[BlockChannels];
        for (int j = 0; j < BlockChannels; j++)
        {
            held[j] = j < count ? rows[j][p] : 0f;
        }

        return pass.First ? Vector256.Load(bias) + Vector256.Load(held) : Vector256.Load(held);
    }

    /// <summary>A pixel's 8 sums into the block's rows: through the shortcut and the activation after the last pass, as they are before it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PixelEnd<TActivation>(Vector256<float> sum, float** rows, int count, int p, Pass pass)
        where TActivation : struct, IActivationOperator
    {
        if (pass.Last)
        {
            StorePixel<TActivation>(sum, rows, count, p, pass.ShortcutAtEnd);
        }
        else
        {
            StorePixel<IdentityOperator>(sum, rows, count, p, residual: false);
        }
    }

    /// <summary>One pixel's 8 channel values (bias included) through the residual into the block's rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StorePixel<TActivation>(Vector256<float> sum, float** rows, int count, int p, bool residual)
        where TActivation : struct, IActivationOperator
    {
        if (!residual)
        {
            sum = TActivation.Invoke(sum);
        }

        for (int j = 0; j < count; j++)
        {
            float* destination = rows[j] + p;
            *destination = residual ? TActivation.Invoke(sum.GetElement(j) + *destination) : sum.GetElement(j);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreRows<TVec, TOps, TActivation>(float** rows, int count, int p, bool residual,
        TVec a0, TVec a1, TVec a2, TVec a3, TVec a4, TVec a5, TVec a6, TVec a7)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        if (count == BlockChannels)
        {
            Store<TVec, TOps, TActivation>(rows[0] + p, a0, residual);
            Store<TVec, TOps, TActivation>(rows[1] + p, a1, residual);
            Store<TVec, TOps, TActivation>(rows[2] + p, a2, residual);
            Store<TVec, TOps, TActivation>(rows[3] + p, a3, residual);
            Store<TVec, TOps, TActivation>(rows[4] + p, a4, residual);
            Store<TVec, TOps, TActivation>(rows[5] + p, a5, residual);
            Store<TVec, TOps, TActivation>(rows[6] + p, a6, residual);
            Store<TVec, TOps, TActivation>(rows[7] + p, a7, residual);
            return;
        }

        // The last block of a channel count that is not a multiple of 8: rows past count are padding.
        StoreRows4<TVec, TOps, TActivation>(rows, Math.Min(count, 4), p, residual, a0, a1, a2, a3);
        if (count > 4)
        {
            StoreRows4<TVec, TOps, TActivation>(rows + 4, count - 4, p, residual, a4, a5, a6, a7);
        }
    }

    /// <summary>The first <paramref name="count"/> (1-4) rows of a block at pixel <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreRows4<TVec, TOps, TActivation>(float** rows, int count, int p, bool residual, TVec a0, TVec a1, TVec a2, TVec a3)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        Store<TVec, TOps, TActivation>(rows[0] + p, a0, residual);
        if (count > 1) Store<TVec, TOps, TActivation>(rows[1] + p, a1, residual);
        if (count > 2) Store<TVec, TOps, TActivation>(rows[2] + p, a2, residual);
        if (count > 3) Store<TVec, TOps, TActivation>(rows[3] + p, a3, residual);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreRowsMasked<TVec, TOps, TActivation>(float** rows, int count, int p, bool residual, TVec keep,
        TVec a0, TVec a1, TVec a2, TVec a3, TVec a4, TVec a5, TVec a6, TVec a7)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        StoreMasked<TVec, TOps, TActivation>(rows[0] + p, a0, residual, keep);
        if (count > 1) StoreMasked<TVec, TOps, TActivation>(rows[1] + p, a1, residual, keep);
        if (count > 2) StoreMasked<TVec, TOps, TActivation>(rows[2] + p, a2, residual, keep);
        if (count > 3) StoreMasked<TVec, TOps, TActivation>(rows[3] + p, a3, residual, keep);
        if (count > 4) StoreMasked<TVec, TOps, TActivation>(rows[4] + p, a4, residual, keep);
        if (count > 5) StoreMasked<TVec, TOps, TActivation>(rows[5] + p, a5, residual, keep);
        if (count > 6) StoreMasked<TVec, TOps, TActivation>(rows[6] + p, a6, residual, keep);
        if (count > 7) StoreMasked<TVec, TOps, TActivation>(rows[7] + p, a7, residual, keep);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store<TVec, TOps, TActivation>(float* destination, TVec value, bool residual)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        TOps.Store(destination, Apply<TVec, TOps, TActivation>(value, destination, residual));
    }

    /// <summary>Stores only the lanes set in <paramref name="keep"/>; the others are written back unchanged.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreMasked<TVec, TOps, TActivation>(float* destination, TVec value, bool residual, TVec keep)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        TVec old = TOps.Load(destination);
        TOps.Store(destination, TOps.Select(keep, Apply<TVec, TOps, TActivation>(value, destination, residual), old));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TVec Apply<TVec, TOps, TActivation>(TVec value, float* destination, bool residual)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator =>
        TOps.Activate<TActivation>(residual ? TOps.Add(value, TOps.Load(destination)) : value);
}
