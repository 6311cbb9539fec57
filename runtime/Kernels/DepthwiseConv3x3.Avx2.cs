using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class DepthwiseConv3x3
{
    /// <summary>
    /// Whether the window takes the AVX2 row kernels (<see cref="RunAvx2Rows{TChunk, TActivation}"/> with <see cref="Stride1Chunk"/>
    /// or <see cref="Stride2Chunk"/>):
    /// like the AVX-512 ones they read the input planes in place, in chunks of 8 output columns, with plain loads in the
    /// interior and masked loads (lanes outside the row read as zero: the padding) only in a row's first and last chunk.
    /// </summary>
    internal static bool Avx2RowsApply(VectorWidth vectorWidth) =>
        vectorWidth >= VectorWidth.V256 && Avx2.IsSupported && Fma.IsSupported;

    /// <summary>
    /// The AVX2 row kernels' driver: the part's channels, each in chunks of 8 output columns (<see cref="ChunkRows.ChunkStart"/>),
    /// each chunk over the part's output rows with plain loads where <typeparamref name="TChunk"/> finds all its taps inside
    /// the row, and where it does not, plain loads with the outside lanes cleared (<see cref="ClearedLoads"/>) when the input
    /// span holds the floats around the channel's plane, masked loads (<see cref="BorderLoads"/>) when it does not (the
    /// span's first and last planes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunAvx2Rows<TChunk, TActivation>(in Window window, ReadOnlySpan<float> weights, int weightStride,
        ReadOnlySpan<float> bias, int biasStride, Part part)
        where TChunk : struct, IChunk
        where TActivation : struct, IActivationOperator
    {
        (int firstRow, int endRow, int firstChannel, int endChannel) = RowsAndChannels(window, part);
        int width = window.Width, outWidth = window.OutWidth;
        int inputPixels = window.InputPixels, outputPixels = window.OutputPixels;
        var plane = new ChunkRows(window.Height, width, outWidth, firstRow, endRow);
        ReadOnlySpan<int> inputPlanes = window.InputPlanes, outputPlanes = window.OutputPlanes;

        // A chunk's loads reach at most one float before its plane and ReadEnd floats from its start.
        nint readEnd = TChunk.ReadEnd(window.Height, width, outWidth);
        fixed (float* inputBase = window.Input)
        fixed (float* outputBase = window.Output)
        fixed (float* weightBase = weights)
        fixed (float* biasBase = bias)
        {
            float* inputEnd = inputBase + window.Input.Length;
            for (int c = firstChannel; c < endChannel; c++)
            {
                float* source = inputBase + ((nint)PlaneTable.Plane(inputPlanes, c) * inputPixels);
                float* destination = outputBase + ((nint)PlaneTable.Plane(outputPlanes, c) * outputPixels);
                var k = new Weights9(weightBase + ((nint)c * weightStride), biasBase[c * biasStride]);
                bool readable = source > inputBase && source + readEnd <= inputEnd;
                for (int x = 0; ; x += 8)
                {
                    int x0 = plane.ChunkStart(x);
                    if (TChunk.IsInterior(x0, width))
                    {
                        TChunk.Run<InteriorLoads, TActivation>(source, destination + x0, plane, x0, k);
                    }
                    else if (readable)
                    {
                        TChunk.Run<ClearedLoads, TActivation>(source, destination + x0, plane, x0, k);
                    }
                    else
                    {
                        TChunk.Run<BorderLoads, TActivation>(source, destination + x0, plane, x0, k);
                    }

                    if (x0 + 8 >= outWidth)
                    {
                        break;
                    }
                }
            }
        }
    }

    /// <summary>One chunk of 8 output columns of an AVX2 row kernel, over the part's output rows.</summary>
    private interface IChunk
    {
        /// <summary>Whether every tap of the chunk at output column <paramref name="x0"/> lies inside a row of <paramref name="width"/>.</summary>
        static abstract bool IsInterior(int x0, int width);

        /// <summary>How many floats from a plane's start its chunks' loads reach, masked lanes included (see <see cref="ClearedLoads"/>).</summary>
        static abstract nint ReadEnd(int height, int width, int outWidth);

        /// <summary>The chunk at <paramref name="x0"/>: <paramref name="source"/> is the channel's input plane, <paramref name="destination"/> output column x0 of row 0.</summary>
        static abstract unsafe void Run<TLoads, TActivation>(float* source, float* destination, in ChunkRows plane, int x0, in Weights9 k)
            where TLoads : struct, IChunkLoads
            where TActivation : struct, IActivationOperator;
    }

    /// <summary>
    /// Stride 1 on AVX2: two output rows per step, so the four input rows they read are loaded once for both (12 loads and
    /// 18 FMAs per 16 outputs). 9 weights, the bias, four accumulators and one tap fit the 16 vector registers.
    /// </summary>
    private readonly struct Stride1Chunk : IChunk
    {
        /// <summary>Columns x0 - 1 .. x0 + 8 inside the row.</summary>
        public static bool IsInterior(int x0, int width) => x0 >= 1 && x0 + 9 <= width;

        /// <summary>The last row's chunk at x0 = max(outWidth - 8, 0) reads up to column x0 + 8.</summary>
        public static nint ReadEnd(int height, int width, int outWidth) => ((nint)(height - 1) * width) + Math.Max(outWidth - 8, 0) + 9;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Run<TLoads, TActivation>(float* source, float* destination, in ChunkRows plane, int x0, in Weights9 k)
            where TLoads : struct, IChunkLoads
            where TActivation : struct, IActivationOperator
        {
            if (plane.OutWidth >= 8)
            {
                Stride1Rows<TLoads, WideRowStore, TActivation>(source + x0, destination, plane, x0, k);
            }
            else
            {
                Stride1Rows<TLoads, NarrowRowStore, TActivation>(source + x0, destination, plane, x0, k);
            }
        }
    }

    /// <summary>
    /// Stride 2 on AVX2: an input row's taps for the chunk at x0 (columns 2x - 1, 2x and 2x + 1) come from two pairs of
    /// loads, at columns 2x0 and 2x0 - 1, each split into even and odd floats by one in-lane shuffle. That leaves the 8
    /// lanes in the order 0 1 4 5 2 3 6 7, the same for every tap, so the sum is computed in that order and put right by a
    /// single permute before its store. The row below output row y is the row above row y + 1: its taps go into both
    /// sums, so each output row reads two new input rows.
    /// </summary>
    private readonly struct Stride2Chunk : IChunk
    {
        /// <summary>Input columns 2x0 - 1 .. 2x0 + 15 inside the row.</summary>
        public static bool IsInterior(int x0, int width) => x0 >= 1 && (2 * x0) + 16 <= width;

        /// <summary>The last input row's chunk at x0 = max(outWidth - 8, 0) reads up to column 2x0 + 15.</summary>
        public static nint ReadEnd(int height, int width, int outWidth) => ((nint)(height - 1) * width) + (2 * (nint)Math.Max(outWidth - 8, 0)) + 16;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Run<TLoads, TActivation>(float* source, float* destination, in ChunkRows plane, int x0, in Weights9 k)
            where TLoads : struct, IChunkLoads
            where TActivation : struct, IActivationOperator
        {
            if (plane.OutWidth >= 8)
            {
                Stride2Rows<TLoads, WideRowStore, TActivation>(source + (2 * x0), destination, plane, x0, k);
            }
            else
            {
                Stride2Rows<TLoads, NarrowRowStore, TActivation>(source + (2 * x0), destination, plane, x0, k);
            }
        }
    }

    /// <summary>
    /// One chunk of 8 columns at <paramref name="x0"/> (<paramref name="source"/> and <paramref name="destination"/> point at
    /// column x0 of row 0) over the part's output rows. Each output is <c>((b + above) + at) + below</c>, row by row, whether it
    /// is computed in a pair or alone, so a split into parts computes exactly what the whole call does.
    /// </summary>
    /// <remarks>
    /// Row and output pointers step instead of being recomputed and the store kind is chosen per chunk
    /// (<typeparamref name="TStore"/>): on Zen 3 (minimum of 21 interleaved runs, load 13-15) 2-17% faster at every shape
    /// of V2 1.0x, MobileNet V1 and V2 (58@28x28 19.1 to 17.4 µs, 116@14x14 12.2 to 11.0, 232@7x7 10.4 to 9.5).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Stride1Rows<TLoads, TStore, TActivation>(float* source, float* destination, in ChunkRows plane, int x0, in Weights9 k)
        where TLoads : struct, IChunkLoads
        where TStore : struct, IChunkStore
        where TActivation : struct, IActivationOperator
    {
        int width = plane.Width, height = plane.Height;
        var masks = Stride1Masks.At(x0, width);
        Vector256<float> w0 = k.W0, w1 = k.W1, w2 = k.W2, w3 = k.W3, w4 = k.W4, w5 = k.W5, w6 = k.W6, w7 = k.W7, w8 = k.W8, b = k.Bias;
        Vector256<float> zero = Vector256<float>.Zero;
        int y = plane.FirstRow;
        float* row = source + ((nint)y * width);
        float* target = destination + ((nint)y * plane.OutWidth);
        nint outWidth = plane.OutWidth;
        for (; y + 1 < plane.EndRow; y += 2, row += 2 * (nint)width, target += 2 * outWidth)
        {
            // Output rows y (s0: rows y-1 and y, t0: row y+1) and y+1 (s1: rows y and y+1, t1: row y+2); rows y and y+1 are
            // inside the image (y + 1 < endRow <= height), and their taps are loaded once for both sums.
            float* at = row;
            Vector256<float> s0 = y > 0 ? Row3<TLoads>(at - width, masks, w0, w1, w2, b) : b, s1 = b;
            Vector256<float> tap = TLoads.Load(at - 1, masks.Left);
            s0 = Fma.MultiplyAdd(tap, w3, s0);
            s1 = Fma.MultiplyAdd(tap, w0, s1);
            tap = TLoads.Load(at, masks.Middle);
            s0 = Fma.MultiplyAdd(tap, w4, s0);
            s1 = Fma.MultiplyAdd(tap, w1, s1);
            tap = TLoads.Load(at + 1, masks.Right);
            s0 = Fma.MultiplyAdd(tap, w5, s0);
            s1 = Fma.MultiplyAdd(tap, w2, s1);

            at += width;
            tap = TLoads.Load(at - 1, masks.Left);
            Vector256<float> t0 = Fma.MultiplyAdd(tap, w6, zero);
            s1 = Fma.MultiplyAdd(tap, w3, s1);
            tap = TLoads.Load(at, masks.Middle);
            t0 = Fma.MultiplyAdd(tap, w7, t0);
            s1 = Fma.MultiplyAdd(tap, w4, s1);
            tap = TLoads.Load(at + 1, masks.Right);
            t0 = Fma.MultiplyAdd(tap, w8, t0);
            s1 = Fma.MultiplyAdd(tap, w5, s1);
            TStore.Store(destination, target, plane, y, TActivation.Invoke(s0 + t0));

            // Below the image's last row is the padding, kept out of the sum (as in the single-row step).
            TStore.Store(destination, target + outWidth, plane, y + 1, TActivation.Invoke(y + 2 < height ? s1 + Row3<TLoads>(at + width, masks, w6, w7, w8, zero) : s1));
        }

        if (y < plane.EndRow)
        {
            Vector256<float> s = y > 0 ? Row3<TLoads>(row - width, masks, w0, w1, w2, b) : b;
            s = Row3<TLoads>(row, masks, w3, w4, w5, s);
            TStore.Store(destination, target, plane, y, TActivation.Invoke(y + 1 < height ? s + Row3<TLoads>(row + width, masks, w6, w7, w8, zero) : s));
        }
    }

    /// <summary><paramref name="sum"/> plus a row's taps at columns x0 - 1, x0 and x0 + 1 (<paramref name="row"/> at x0) times <paramref name="k0"/>, <paramref name="k1"/>, <paramref name="k2"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> Row3<TLoads>(float* row, in Stride1Masks masks, Vector256<float> k0, Vector256<float> k1, Vector256<float> k2,
        Vector256<float> sum)
        where TLoads : struct, IChunkLoads
    {
        sum = Fma.MultiplyAdd(TLoads.Load(row - 1, masks.Left), k0, sum);
        sum = Fma.MultiplyAdd(TLoads.Load(row, masks.Middle), k1, sum);
        return Fma.MultiplyAdd(TLoads.Load(row + 1, masks.Right), k2, sum);
    }

    /// <summary>The lanes of a stride-1 chunk's left, middle and right taps that lie inside the row.</summary>
    private readonly struct Stride1Masks(Vector256<float> left, Vector256<float> middle, Vector256<float> right)
    {
        public readonly Vector256<float> Left = left, Middle = middle, Right = right;

        /// <summary>Lane i reads columns x0 + i - 1, x0 + i and x0 + i + 1 where they lie inside a row of <paramref name="width"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Stride1Masks At(int x0, int width)
        {
            Vector256<float> columns = Vector256<float>.Indices + Vector256.Create((float)x0);
            Vector256<float> limit = Vector256.Create((float)width);
            return new(Vector256.GreaterThanOrEqual(columns, Vector256<float>.One) & Vector256.LessThanOrEqual(columns, limit),
                Vector256.LessThan(columns, limit), Vector256.LessThan(columns + Vector256<float>.One, limit));
        }
    }

    /// <summary>
    /// One chunk of 8 output columns at <paramref name="x0"/> (<paramref name="source"/> at input column 2x0 of row 0,
    /// <paramref name="destination"/> at output column x0 of row 0) over the part's output rows: each output is
    /// <c>((b + above) + at) + below</c>, in the shuffled lane order.
    /// </summary>
    /// <remarks>
    /// The rows with an input row below them run without a test for it, row and output pointers step instead of being
    /// recomputed, and the store is chosen once per chunk (<typeparamref name="TStore"/>): on Zen 3 that took V2 1.0x's
    /// 58@56x56 from 61 to 45 µs, 24@56x56 from 22.5 to 17.9, 116@28x28 from 30 to 23 (minimum of 21 interleaved runs,
    /// load 20); 14x14 planes, all border chunks, stayed at 21.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Stride2Rows<TLoads, TStore, TActivation>(float* source, float* destination, in ChunkRows plane, int x0, in Weights9 k)
        where TLoads : struct, IChunkLoads
        where TStore : struct, IChunkStore
        where TActivation : struct, IActivationOperator
    {
        int width = plane.Width;
        var masks = Stride2Masks.At(x0, width);
        Vector256<float> w0 = k.W0, w1 = k.W1, w2 = k.W2, w3 = k.W3, w4 = k.W4, w5 = k.W5, w6 = k.W6, w7 = k.W7, w8 = k.W8, b = k.Bias;

        int y = plane.FirstRow;
        float* row = source + ((nint)(2 * y) * width);
        float* target = destination + ((nint)y * plane.OutWidth);
        nint rowStep = 2 * (nint)width, outStep = plane.OutWidth;
        Vector256<float> sum = b;
        if (y > 0)
        {
            Stride2Taps<TLoads>(row - width, masks, out Vector256<float> left, out Vector256<float> middle, out Vector256<float> right);
            sum = Fma.MultiplyAdd(left, w0, sum);
            sum = Fma.MultiplyAdd(middle, w1, sum);
            sum = Fma.MultiplyAdd(right, w2, sum);
        }

        // Output rows below which input row 2y + 1 lies inside the image: y < height / 2.
        int belowEnd = Math.Min(plane.EndRow, plane.Height / 2);
        for (; y < belowEnd; y++, row += rowStep, target += outStep)
        {
            Stride2Taps<TLoads>(row, masks, out Vector256<float> left, out Vector256<float> middle, out Vector256<float> right);
            sum = Fma.MultiplyAdd(left, w3, sum);
            sum = Fma.MultiplyAdd(middle, w4, sum);
            sum = Fma.MultiplyAdd(right, w5, sum);
            Stride2Taps<TLoads>(row + width, masks, out left, out middle, out right);
            Vector256<float> below = left * w6;
            below = Fma.MultiplyAdd(middle, w7, below);
            below = Fma.MultiplyAdd(right, w8, below);
            Vector256<float> next = Fma.MultiplyAdd(left, w0, b);
            next = Fma.MultiplyAdd(middle, w1, next);
            next = Fma.MultiplyAdd(right, w2, next);
            TStore.Store(destination, target, plane, y, Ordered<TActivation>(sum + below));
            sum = next;
        }

        if (y < plane.EndRow)
        {
            Stride2Taps<TLoads>(row, masks, out Vector256<float> left, out Vector256<float> middle, out Vector256<float> right);
            sum = Fma.MultiplyAdd(left, w3, sum);
            sum = Fma.MultiplyAdd(middle, w4, sum);
            sum = Fma.MultiplyAdd(right, w5, sum);
            TStore.Store(destination, target, plane, y, Ordered<TActivation>(sum));
        }
    }

    /// <summary>The activated sum of a stride-2 chunk, its lanes 0 1 4 5 2 3 6 7 put back in order (the middle 64-bit pairs swapped).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Ordered<TActivation>(Vector256<float> sum)
        where TActivation : struct, IActivationOperator =>
        Avx2.Permute4x64(TActivation.Invoke(sum).AsDouble(), 0b11_01_10_00).AsSingle();

    /// <summary>How a chunk stores its 8 results of one output row.</summary>
    private interface IChunkStore
    {
        /// <summary>Stores output row <paramref name="y"/>'s chunk: <paramref name="target"/> is its place, <paramref name="destination"/> the chunk's column of row 0.</summary>
        static abstract unsafe void Store(float* destination, float* target, in ChunkRows plane, int y, Vector256<float> value);
    }

    /// <summary>Rows of at least 8 columns: a plain store.</summary>
    private readonly struct WideRowStore : IChunkStore
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Store(float* destination, float* target, in ChunkRows plane, int y, Vector256<float> value) => value.Store(target);
    }

    /// <summary>Rows narrower than 8 columns: <see cref="ChunkRows.Store"/>'s run into the next row, or a masked store at the part's end.</summary>
    private readonly struct NarrowRowStore : IChunkStore
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe void Store(float* destination, float* target, in ChunkRows plane, int y, Vector256<float> value) =>
            plane.Store(destination, y, value);
    }

    /// <summary>
    /// Input row <paramref name="at"/>'s (input column 2x0) taps for a stride-2 chunk, lanes in the order 0 1 4 5 2 3 6 7:
    /// columns 2x - 1, 2x and 2x + 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Stride2Taps<TLoads>(float* at, in Stride2Masks masks,
        out Vector256<float> left, out Vector256<float> middle, out Vector256<float> right)
        where TLoads : struct, IChunkLoads
    {
        Vector256<float> low = TLoads.Load(at, masks.Low), high = TLoads.Load(at + 8, masks.High);
        middle = Avx.Shuffle(low, high, 0b10_00_10_00);
        right = Avx.Shuffle(low, high, 0b11_01_11_01);
        left = Avx.Shuffle(TLoads.Load(at - 1, masks.LowLeft), TLoads.Load(at + 7, masks.HighLeft), 0b10_00_10_00);
    }

    /// <summary>The four load masks of a stride-2 chunk (see <see cref="Stride2Taps{TLoads}"/>).</summary>
    private readonly struct Stride2Masks(Vector256<float> low, Vector256<float> high, Vector256<float> lowLeft, Vector256<float> highLeft)
    {
        public readonly Vector256<float> Low = low, High = high, LowLeft = lowLeft, HighLeft = highLeft;

        /// <summary>Lanes of the loads at input columns 2x0, 2x0 + 8 (middle and right taps) and 2x0 - 1, 2x0 + 7 (left taps) inside a row of <paramref name="width"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Stride2Masks At(int x0, int width)
        {
            Vector256<float> columns = Vector256<float>.Indices + Vector256.Create((float)(2 * x0));
            Vector256<float> limit = Vector256.Create((float)width);
            Vector256<float> eight = Vector256.Create(8f);
            Vector256<float> shifted = columns - Vector256<float>.One;
            return new(Vector256.LessThan(columns, limit), Vector256.LessThan(columns + eight, limit),
                Vector256.GreaterThanOrEqual(shifted, Vector256<float>.Zero) & Vector256.LessThan(shifted, limit), Vector256.LessThan(shifted + eight, limit));
        }
    }

    /// <summary>A channel's 9 weights (row-major) and bias, each broadcast.</summary>
    private readonly unsafe struct Weights9(float* w, float bias)
    {
        public readonly Vector256<float> W0 = Vector256.Create(w[0]), W1 = Vector256.Create(w[1]), W2 = Vector256.Create(w[2]);
        public readonly Vector256<float> W3 = Vector256.Create(w[3]), W4 = Vector256.Create(w[4]), W5 = Vector256.Create(w[5]);
        public readonly Vector256<float> W6 = Vector256.Create(w[6]), W7 = Vector256.Create(w[7]), W8 = Vector256.Create(w[8]);
        public readonly Vector256<float> Bias = Vector256.Create(bias);
    }

    /// <summary>
    /// The geometry an AVX2 chunk walks: input height and width, output row length, the part's output rows, where the chunks
    /// start, and how a chunk's 8 results are stored.
    /// </summary>
    private readonly struct ChunkRows(int height, int width, int outWidth, int firstRow, int endRow)
    {
        public readonly int Height = height, Width = width, OutWidth = outWidth, FirstRow = firstRow, EndRow = endRow;

        /// <summary>Where chunk <paramref name="x"/> (a multiple of 8) starts: the last one overlaps its predecessor, a row narrower than 8 is one chunk at 0.</summary>
        public int ChunkStart(int x) => OutWidth >= 8 ? Math.Min(x, OutWidth - 8) : 0;

        /// <summary>
        /// Stores output row <paramref name="y"/>'s chunk. Where the row is narrower than a vector, the store runs on into the
        /// next row, which is written next; a chunk whose store would run past the part's last row keeps to its row (masked).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public unsafe void Store(float* destination, int y, Vector256<float> value)
        {
            float* target = destination + ((nint)y * OutWidth);
            if (OutWidth >= 8 || ((y * OutWidth) + 8 <= EndRow * OutWidth))
            {
                value.Store(target);
            }
            else
            {
                Avx.MaskStore(target, Vector256.LessThan(Vector256<float>.Indices, Vector256.Create((float)OutWidth)), value);
            }
        }
    }

    /// <summary>How a chunk loads 8 floats of an input row: plainly in the interior, masked (zero outside the row) at its ends.</summary>
    private interface IChunkLoads
    {
        static abstract unsafe Vector256<float> Load(float* at, Vector256<float> inside);
    }

    /// <summary>A chunk all of whose taps lie inside the row.</summary>
    private readonly struct InteriorLoads : IChunkLoads
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe Vector256<float> Load(float* at, Vector256<float> inside) => Vector256.Load(at);
    }

    /// <summary>
    /// A chunk at a row's end whose loads stay inside the input span: a plain load, the lanes outside <c>inside</c> (read
    /// from the neighbouring row or plane) cleared to +0 before any multiply, so the sums are bitwise those of
    /// <see cref="BorderLoads"/> and an infinite value read there cannot make a NaN. The floats read outside the plane may
    /// be another channel's output that a concurrent part is writing; they are discarded whatever they hold. On Zen 3
    /// (minimum of 15 interleaved runs against masked loads) 3-8% at the planes with border chunks: 232@14x14 stride 2
    /// 11.0 → 10.2 µs, 116@14x14 stride 1 8.8 → 8.3, 232@7x7 7.5 → 7.0, 116@28x28 stride 2 13.9 → 13.2, MobileNet's
    /// 64@112x112 stride 2 121 → 114; the 56x56 stride-2 planes within noise.
    /// </summary>
    private readonly struct ClearedLoads : IChunkLoads
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe Vector256<float> Load(float* at, Vector256<float> inside) => Vector256.Load(at) & inside;
    }

    /// <summary>A chunk at a row's end: lanes outside <c>inside</c> are never read and load as zero (vmaskmovps).</summary>
    private readonly struct BorderLoads : IChunkLoads
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static unsafe Vector256<float> Load(float* at, Vector256<float> inside) => Avx.MaskLoad(at, inside);
    }
}
