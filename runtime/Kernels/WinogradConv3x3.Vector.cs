using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class WinogradConv3x3
{
    /// <summary>
    /// Largest transformed-input scratch, in floats (192 KiB): 16 positions x input channels x the chunk's tiles. 64 input
    /// channels (SqueezeNet's deepest Fire squeeze) take chunks of 48 tiles, three 16-lane vectors.
    /// </summary>
    internal const int MaxTransformedFloats = 49152;

    /// <summary>Most tiles per chunk, which bounds the row scratch whatever the width.</summary>
    private const int MaxChunkTiles = 192;

    /// <summary>Vectors of tiles per register tile: 4 channels x 3 vectors is 12 accumulators, 3 inputs and a broadcast (16 registers).</summary>
    private const int TileVectors = 3;

    /// <summary>Tiles per chunk for <paramref name="lanes"/>-lane vectors: whole vectors, as many as the scratch holds.</summary>
    internal static int ChunkTiles(in Shape s, int lanes)
    {
        int tiles = (s.EndTileRow - s.FirstTileRow) * s.TilesWide;
        int fit = Math.Min(MaxTransformedFloats / (Positions * s.InChannels), MaxChunkTiles) / lanes * lanes;
        return Math.Min(fit, (tiles + lanes - 1) / lanes * lanes);
    }

    /// <summary>
    /// Chunk by chunk of the part's tiles, numbered row-major over whole tile rows (so a 13x13 map's 49 tiles fill 16-lane
    /// vectors, not 7 of them per row): every input channel's tiles are transformed into a scratch laid out
    /// <c>[position][input channel][tile]</c>, de-interleaving even and odd columns so lanes are tiles. Then, per block of 4
    /// output channels and per 3 vectors of tiles, 16 register-tiled products over the input channels (broadcasting the
    /// packed weights), the output transform with bias and activation, and the stores: re-interleaved into output rows and
    /// copied through the plane table, clipped to the image and the part's rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunVector<TVec, TOps, TActivation>(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes,
        ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> packedBias, Span<float> output, ReadOnlySpan<int> outputPlanes, in Shape shape)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        int lanes = TOps.Count;
        int chunk = ChunkTiles(shape, lanes);
        int inChannels = shape.InChannels, tilesWide = shape.TilesWide;
        int rowFloats = (2 * (chunk + lanes)) + 2;
        int groupFloats = TileVectors * lanes;

        // With 32 vector registers (AVX-512) two blocks run together: 8 channels x 3 vectors is 24 accumulators.
        int blocksPerStep = lanes == 16 ? 2 : 1;
        int productChannels = blocksPerStep * BlockChannels;
        nint blockFloats = (nint)Positions * inChannels * BlockChannels;
        Span<float> transformed = stackalloc float[Positions * inChannels * chunk];
        Span<float> rows = stackalloc float[4 * rowFloats];
        Span<float> spill = stackalloc float[Positions * lanes];
        Span<float> products = stackalloc float[Positions * productChannels * groupFloats];
        Span<float> results = stackalloc float[(4 * productChannels * groupFloats) + lanes];
        Span<float> line = stackalloc float[2 * lanes];
        int first = shape.FirstTileRow * tilesWide, end = shape.EndTileRow * tilesWide;
        fixed (float* transformedBase = transformed)
        fixed (float* rowBase = rows)
        fixed (float* spillBase = spill)
        fixed (float* productBase = products)
        fixed (float* resultBase = results)
        fixed (float* weightBase = packedWeights)
        fixed (float* biasBase = packedBias)
        {
            for (int start = first; start < end; start += chunk)
            {
                int count = Math.Min(chunk, end - start);
                TransformChunk<TVec, TOps>(input, inputPlanes, shape, start, count, chunk, transformedBase, rows, rowBase, rowFloats, spillBase);
                int vectors = (count + lanes - 1) / lanes;
                for (int block = 0; block * BlockChannels < shape.OutChannels; block += blocksPerStep)
                {
                    float* weights = weightBase + ((nint)block * Positions * inChannels * BlockChannels);
                    int channels = Math.Min(blocksPerStep * BlockChannels, shape.OutChannels - (block * BlockChannels));
                    bool pair = channels > BlockChannels;
                    for (int q = 0; q < vectors; q += TileVectors)
                    {
                        int groupVectors = Math.Min(TileVectors, vectors - q);

                        // A last vector of at most 4 tiles (13x13's 49th, 27x27's 193rd to 196th) takes 4-lane products:
                        // the same sums lane by lane, at a quarter of the vector (the lanes past them are dropped anyway).
                        int shortVector = groupVectors < TileVectors && lanes > 4 && count - ((q + groupVectors - 1) * lanes) <= 4 ? groupVectors - 1 : -1;
                        for (int xi = 0; xi < Positions; xi++)
                        {
                            float* v = transformedBase + ((nint)xi * inChannels * chunk) + (q * lanes);
                            float* u = weights + ((nint)xi * inChannels * BlockChannels);
                            float* m = productBase + (xi * productChannels * groupFloats);
                            if (pair)
                            {
                                // The next block's weights for this position, a block's stride on.
                                float* u2 = u + blockFloats;
                                if (groupVectors == TileVectors)
                                {
                                    Product8x3<TVec, TOps>(v, chunk, inChannels, u, u2, m, groupFloats);
                                }
                                else
                                {
                                    for (int j = 0; j < groupVectors; j++)
                                    {
                                        if (j == shortVector)
                                        {
                                            Product8x1<Vector128<float>, Vector128Ops>(v + (j * lanes), chunk, inChannels, u, u2, m + (j * lanes), groupFloats);
                                        }
                                        else
                                        {
                                            Product8x1<TVec, TOps>(v + (j * lanes), chunk, inChannels, u, u2, m + (j * lanes), groupFloats);
                                        }
                                    }
                                }
                            }
                            else if (groupVectors == TileVectors)
                            {
                                Product4x3<TVec, TOps>(v, chunk, inChannels, u, m, groupFloats);
                            }
                            else
                            {
                                for (int j = 0; j < groupVectors; j++)
                                {
                                    if (j == shortVector)
                                    {
                                        Product4x1<Vector128<float>, Vector128Ops>(v + (j * lanes), chunk, inChannels, u, m + (j * lanes), groupFloats);
                                    }
                                    else
                                    {
                                        Product4x1<TVec, TOps>(v + (j * lanes), chunk, inChannels, u, m + (j * lanes), groupFloats);
                                    }
                                }
                            }
                        }

                        for (int r = 0; r < channels; r++)
                        {
                            TVec bias = TOps.Broadcast(biasBase[(block * BlockChannels) + r]);
                            for (int j = 0; j < groupVectors; j++)
                            {
                                TransformProducts<TVec, TOps, TActivation>(productBase + (r * groupFloats) + (j * lanes), productChannels * groupFloats, bias,
                                    resultBase + (r * 4 * groupFloats) + (j * lanes), groupFloats);
                            }
                        }

                        int groupStart = start + (q * lanes);
                        StoreGroup<TVec, TOps>(output, outputPlanes, shape, block * BlockChannels, channels, groupStart,
                            Math.Min(groupFloats, start + count - groupStart), resultBase, groupFloats, line);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Transforms tiles <c>[start, start + count)</c> of every input channel into <paramref name="transformed"/>, tile
    /// <c>start + p</c> at column p of row <c>(position * inChannels + ci) * chunk</c>. Each tile row's run is copied with
    /// its zero border into 4 padded rows, then read a vector of tiles at a time as even and odd columns. A vector's lanes
    /// past its run are stored too (the next run overwrites them) unless they would cross the chunk's end.
    /// </summary>
    private static unsafe void TransformChunk<TVec, TOps>(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, in Shape shape,
        int start, int count, int chunk, float* transformed, Span<float> rows, float* rowBase, int rowFloats, float* spill)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int lanes = TOps.Count, tilesWide = shape.TilesWide, width = shape.Width, height = shape.Height, pixels = height * width;
        nint positionStride = (nint)shape.InChannels * chunk;
        for (int ci = 0; ci < shape.InChannels; ci++)
        {
            ReadOnlySpan<float> plane = input.Slice(PlaneTable.Plane(inputPlanes, ci) * pixels, pixels);
            for (int t = start; t < start + count;)
            {
                int ty = t / tilesWide, firstTile = t - (ty * tilesWide);
                int run = Math.Min(tilesWide - firstTile, start + count - t);
                int padded = (run + lanes - 1) / lanes * lanes;

                // Padded row r, column c is input row 2ty - 1 + r, column 2 * firstTile - 1 + c (zero outside the image).
                int need = (2 * padded) + 2;
                int firstColumn = (2 * firstTile) - 1;
                int from = Math.Max(0, -firstColumn), to = Math.Min(need, width - firstColumn);
                for (int r = 0; r < 4; r++)
                {
                    Span<float> row = rows.Slice(r * rowFloats, need);
                    int iy = (2 * ty) - 1 + r;
                    if ((uint)iy >= (uint)height)
                    {
                        row.Clear();
                        continue;
                    }

                    row[..from].Clear();
                    plane.Slice((iy * width) + firstColumn + from, to - from).CopyTo(row[from..]);
                    row[to..].Clear();
                }

                float* destination = transformed + ((nint)ci * chunk) + (t - start);
                for (int k = 0; k < run; k += lanes)
                {
                    float* column = rowBase + (2 * k);
                    int room = chunk - (int)(t - start + k);
                    if (room >= lanes)
                    {
                        TransformTiles<TVec, TOps>(column, rowFloats, destination + k, positionStride);
                    }
                    else
                    {
                        TransformTiles<TVec, TOps>(column, rowFloats, spill, lanes);
                        for (int xi = 0; xi < Positions; xi++)
                        {
                            new ReadOnlySpan<float>(spill + (xi * lanes), room).CopyTo(new Span<float>(destination + k + (xi * positionStride), room));
                        }
                    }
                }

                t += run;
            }
        }
    }

    /// <summary>
    /// <c>V = B^T d B</c> of one vector of tiles: padded row r's columns <c>2i .. 2i + 3</c> are lane i's patch row r;
    /// position xi goes to <c>destination + xi * positionStride</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void TransformTiles<TVec, TOps>(float* column, int rowFloats, float* destination, nint positionStride)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        // Along each row: h = (c0 - c2, c1 + c2, c2 - c1, c1 - c3).
        RowTransform<TVec, TOps>(column, out TVec h00, out TVec h01, out TVec h02, out TVec h03);
        RowTransform<TVec, TOps>(column + rowFloats, out TVec h10, out TVec h11, out TVec h12, out TVec h13);
        RowTransform<TVec, TOps>(column + (2 * rowFloats), out TVec h20, out TVec h21, out TVec h22, out TVec h23);
        RowTransform<TVec, TOps>(column + (3 * rowFloats), out TVec h30, out TVec h31, out TVec h32, out TVec h33);

        // Down each column: (h0 - h2, h1 + h2, h2 - h1, h1 - h3).
        float* d = destination;
        TOps.Store(d, Subtract(h00, h20));
        TOps.Store(d + positionStride, Subtract(h01, h21));
        TOps.Store(d + (2 * positionStride), Subtract(h02, h22));
        TOps.Store(d + (3 * positionStride), Subtract(h03, h23));
        d += 4 * positionStride;
        TOps.Store(d, TOps.Add(h10, h20));
        TOps.Store(d + positionStride, TOps.Add(h11, h21));
        TOps.Store(d + (2 * positionStride), TOps.Add(h12, h22));
        TOps.Store(d + (3 * positionStride), TOps.Add(h13, h23));
        d += 4 * positionStride;
        TOps.Store(d, Subtract(h20, h10));
        TOps.Store(d + positionStride, Subtract(h21, h11));
        TOps.Store(d + (2 * positionStride), Subtract(h22, h12));
        TOps.Store(d + (3 * positionStride), Subtract(h23, h13));
        d += 4 * positionStride;
        TOps.Store(d, Subtract(h10, h30));
        TOps.Store(d + positionStride, Subtract(h11, h31));
        TOps.Store(d + (2 * positionStride), Subtract(h12, h32));
        TOps.Store(d + (3 * positionStride), Subtract(h13, h33));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void RowTransform<TVec, TOps>(float* row, out TVec h0, out TVec h1, out TVec h2, out TVec h3)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        TOps.LoadDeinterleaved(row, out TVec c0, out TVec c1);
        TOps.LoadDeinterleaved(row + 2, out TVec c2, out TVec c3);
        h0 = Subtract(c0, c2);
        h1 = TOps.Add(c1, c2);
        h2 = Subtract(c2, c1);
        h3 = Subtract(c1, c3);
    }

    /// <summary>
    /// One position's products for 4 output channels x 3 vectors of tiles: <c>m[r][tile] = sum over ci of u[ci][r] * v[ci][tile]</c>,
    /// channel r's at <c>m + r * pitch</c>. The sums run over input channels in order from zero, as <see cref="Product4x1"/>'s do.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Product4x3<TVec, TOps>(float* v, int chunk, int inChannels, float* u, float* m, int pitch)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int lanes = TOps.Count;
        TVec a00 = TOps.Zero, a01 = TOps.Zero, a02 = TOps.Zero;
        TVec a10 = TOps.Zero, a11 = TOps.Zero, a12 = TOps.Zero;
        TVec a20 = TOps.Zero, a21 = TOps.Zero, a22 = TOps.Zero;
        TVec a30 = TOps.Zero, a31 = TOps.Zero, a32 = TOps.Zero;
        for (int ci = 0; ci < inChannels; ci++, v += chunk, u += BlockChannels)
        {
            TVec x0 = TOps.Load(v), x1 = TOps.Load(v + lanes), x2 = TOps.Load(v + (2 * lanes));
            TVec w = TOps.Broadcast(u[0]);
            a00 = TOps.MultiplyAdd(x0, w, a00);
            a01 = TOps.MultiplyAdd(x1, w, a01);
            a02 = TOps.MultiplyAdd(x2, w, a02);
            w = TOps.Broadcast(u[1]);
            a10 = TOps.MultiplyAdd(x0, w, a10);
            a11 = TOps.MultiplyAdd(x1, w, a11);
            a12 = TOps.MultiplyAdd(x2, w, a12);
            w = TOps.Broadcast(u[2]);
            a20 = TOps.MultiplyAdd(x0, w, a20);
            a21 = TOps.MultiplyAdd(x1, w, a21);
            a22 = TOps.MultiplyAdd(x2, w, a22);
            w = TOps.Broadcast(u[3]);
            a30 = TOps.MultiplyAdd(x0, w, a30);
            a31 = TOps.MultiplyAdd(x1, w, a31);
            a32 = TOps.MultiplyAdd(x2, w, a32);
        }

        Store3<TVec, TOps>(m, lanes, a00, a01, a02);
        Store3<TVec, TOps>(m + pitch, lanes, a10, a11, a12);
        Store3<TVec, TOps>(m + (2 * pitch), lanes, a20, a21, a22);
        Store3<TVec, TOps>(m + (3 * pitch), lanes, a30, a31, a32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Product4x1<TVec, TOps>(float* v, int chunk, int inChannels, float* u, float* m, int pitch)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        TVec a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
        for (int ci = 0; ci < inChannels; ci++, v += chunk, u += BlockChannels)
        {
            TVec x = TOps.Load(v);
            a0 = TOps.MultiplyAdd(x, TOps.Broadcast(u[0]), a0);
            a1 = TOps.MultiplyAdd(x, TOps.Broadcast(u[1]), a1);
            a2 = TOps.MultiplyAdd(x, TOps.Broadcast(u[2]), a2);
            a3 = TOps.MultiplyAdd(x, TOps.Broadcast(u[3]), a3);
        }

        TOps.Store(m, a0);
        TOps.Store(m + pitch, a1);
        TOps.Store(m + (2 * pitch), a2);
        TOps.Store(m + (3 * pitch), a3);
    }

    /// <summary>
    /// <see cref="Product4x3"/> for two blocks at once (8 channels, weights from <paramref name="u"/> and <paramref name="u2"/>):
    /// 24 accumulators, for 32-register machines. Each lane's sum is the same as the 4-channel tile's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Product8x3<TVec, TOps>(float* v, int chunk, int inChannels, float* u, float* u2, float* m, int pitch)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int lanes = TOps.Count;
        TVec a00 = TOps.Zero, a01 = TOps.Zero, a02 = TOps.Zero, a10 = TOps.Zero, a11 = TOps.Zero, a12 = TOps.Zero;
        TVec a20 = TOps.Zero, a21 = TOps.Zero, a22 = TOps.Zero, a30 = TOps.Zero, a31 = TOps.Zero, a32 = TOps.Zero;
        TVec a40 = TOps.Zero, a41 = TOps.Zero, a42 = TOps.Zero, a50 = TOps.Zero, a51 = TOps.Zero, a52 = TOps.Zero;
        TVec a60 = TOps.Zero, a61 = TOps.Zero, a62 = TOps.Zero, a70 = TOps.Zero, a71 = TOps.Zero, a72 = TOps.Zero;
        for (int ci = 0; ci < inChannels; ci++, v += chunk, u += BlockChannels, u2 += BlockChannels)
        {
            TVec x0 = TOps.Load(v), x1 = TOps.Load(v + lanes), x2 = TOps.Load(v + (2 * lanes));
            TVec w = TOps.Broadcast(u[0]);
            a00 = TOps.MultiplyAdd(x0, w, a00); a01 = TOps.MultiplyAdd(x1, w, a01); a02 = TOps.MultiplyAdd(x2, w, a02);
            w = TOps.Broadcast(u[1]);
            a10 = TOps.MultiplyAdd(x0, w, a10); a11 = TOps.MultiplyAdd(x1, w, a11); a12 = TOps.MultiplyAdd(x2, w, a12);
            w = TOps.Broadcast(u[2]);
            a20 = TOps.MultiplyAdd(x0, w, a20); a21 = TOps.MultiplyAdd(x1, w, a21); a22 = TOps.MultiplyAdd(x2, w, a22);
            w = TOps.Broadcast(u[3]);
            a30 = TOps.MultiplyAdd(x0, w, a30); a31 = TOps.MultiplyAdd(x1, w, a31); a32 = TOps.MultiplyAdd(x2, w, a32);
            w = TOps.Broadcast(u2[0]);
            a40 = TOps.MultiplyAdd(x0, w, a40); a41 = TOps.MultiplyAdd(x1, w, a41); a42 = TOps.MultiplyAdd(x2, w, a42);
            w = TOps.Broadcast(u2[1]);
            a50 = TOps.MultiplyAdd(x0, w, a50); a51 = TOps.MultiplyAdd(x1, w, a51); a52 = TOps.MultiplyAdd(x2, w, a52);
            w = TOps.Broadcast(u2[2]);
            a60 = TOps.MultiplyAdd(x0, w, a60); a61 = TOps.MultiplyAdd(x1, w, a61); a62 = TOps.MultiplyAdd(x2, w, a62);
            w = TOps.Broadcast(u2[3]);
            a70 = TOps.MultiplyAdd(x0, w, a70); a71 = TOps.MultiplyAdd(x1, w, a71); a72 = TOps.MultiplyAdd(x2, w, a72);
        }

        Store3<TVec, TOps>(m, lanes, a00, a01, a02);
        Store3<TVec, TOps>(m + pitch, lanes, a10, a11, a12);
        Store3<TVec, TOps>(m + (2 * pitch), lanes, a20, a21, a22);
        Store3<TVec, TOps>(m + (3 * pitch), lanes, a30, a31, a32);
        Store3<TVec, TOps>(m + (4 * pitch), lanes, a40, a41, a42);
        Store3<TVec, TOps>(m + (5 * pitch), lanes, a50, a51, a52);
        Store3<TVec, TOps>(m + (6 * pitch), lanes, a60, a61, a62);
        Store3<TVec, TOps>(m + (7 * pitch), lanes, a70, a71, a72);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Product8x1<TVec, TOps>(float* v, int chunk, int inChannels, float* u, float* u2, float* m, int pitch)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        TVec a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero, a4 = TOps.Zero, a5 = TOps.Zero, a6 = TOps.Zero, a7 = TOps.Zero;
        for (int ci = 0; ci < inChannels; ci++, v += chunk, u += BlockChannels, u2 += BlockChannels)
        {
            TVec x = TOps.Load(v);
            a0 = TOps.MultiplyAdd(x, TOps.Broadcast(u[0]), a0);
            a1 = TOps.MultiplyAdd(x, TOps.Broadcast(u[1]), a1);
            a2 = TOps.MultiplyAdd(x, TOps.Broadcast(u[2]), a2);
            a3 = TOps.MultiplyAdd(x, TOps.Broadcast(u[3]), a3);
            a4 = TOps.MultiplyAdd(x, TOps.Broadcast(u2[0]), a4);
            a5 = TOps.MultiplyAdd(x, TOps.Broadcast(u2[1]), a5);
            a6 = TOps.MultiplyAdd(x, TOps.Broadcast(u2[2]), a6);
            a7 = TOps.MultiplyAdd(x, TOps.Broadcast(u2[3]), a7);
        }

        TOps.Store(m, a0);
        TOps.Store(m + pitch, a1);
        TOps.Store(m + (2 * pitch), a2);
        TOps.Store(m + (3 * pitch), a3);
        TOps.Store(m + (4 * pitch), a4);
        TOps.Store(m + (5 * pitch), a5);
        TOps.Store(m + (6 * pitch), a6);
        TOps.Store(m + (7 * pitch), a7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store3<TVec, TOps>(float* destination, int lanes, TVec v0, TVec v1, TVec v2)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        TOps.Store(destination, v0);
        TOps.Store(destination + lanes, v1);
        TOps.Store(destination + (2 * lanes), v2);
    }

    /// <summary>
    /// <c>Y = A^T M A</c> + bias, activated, of one vector of tiles: position xi's products at <c>m + xi * positionStride</c>;
    /// outputs (0,0), (0,1), (1,0), (1,1) of each tile to <c>y + k * pitch</c>, k = 0..3.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void TransformProducts<TVec, TOps, TActivation>(float* m, int positionStride, TVec bias, float* y, int pitch)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        // Down each column: s0 = m0 + m1 + m2, s1 = m1 - m2 - m3; then along the rows the same.
        ColumnTransform<TVec, TOps>(m, positionStride, out TVec s00, out TVec s10);
        ColumnTransform<TVec, TOps>(m + positionStride, positionStride, out TVec s01, out TVec s11);
        ColumnTransform<TVec, TOps>(m + (2 * positionStride), positionStride, out TVec s02, out TVec s12);
        ColumnTransform<TVec, TOps>(m + (3 * positionStride), positionStride, out TVec s03, out TVec s13);
        TOps.Store(y, TOps.Activate<TActivation>(TOps.Add(TOps.Add(TOps.Add(s00, s01), s02), bias)));
        TOps.Store(y + pitch, TOps.Activate<TActivation>(TOps.Add(Subtract(Subtract(s01, s02), s03), bias)));
        TOps.Store(y + (2 * pitch), TOps.Activate<TActivation>(TOps.Add(TOps.Add(TOps.Add(s10, s11), s12), bias)));
        TOps.Store(y + (3 * pitch), TOps.Activate<TActivation>(TOps.Add(Subtract(Subtract(s11, s12), s13), bias)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void ColumnTransform<TVec, TOps>(float* m, int positionStride, out TVec s0, out TVec s1)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int rowStride = 4 * positionStride;
        TVec m0 = TOps.Load(m), m1 = TOps.Load(m + rowStride), m2 = TOps.Load(m + (2 * rowStride)), m3 = TOps.Load(m + (3 * rowStride));
        s0 = TOps.Add(TOps.Add(m0, m1), m2);
        s1 = Subtract(Subtract(m1, m2), m3);
    }

    /// <summary>
    /// Stores tiles <c>[groupStart, groupStart + count)</c> of channels <c>firstChannel ..</c>: per tile row, output rows
    /// 2ty and 2ty + 1 (those of the part) re-interleaved from the tiles' (0,0)/(0,1) and (1,0)/(1,1) outputs, whole vectors
    /// straight into the row, the last vector's columns inside the width through <paramref name="line"/>.
    /// </summary>
    private static unsafe void StoreGroup<TVec, TOps>(Span<float> output, ReadOnlySpan<int> outputPlanes, in Shape shape, int firstChannel, int channels,
        int groupStart, int count, float* results, int pitch, Span<float> line)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int lanes = TOps.Count, tilesWide = shape.TilesWide, width = shape.Width, pixels = shape.Height * width;
        fixed (float* outputBase = output)
        fixed (float* lineBase = line)
        {
            for (int r = 0; r < channels; r++)
            {
                // The plane table was checked against the output's length: the plane's floats are inside the span.
                float* plane = outputBase + ((nint)PlaneTable.Plane(outputPlanes, firstChannel + r) * pixels);
                float* y = results + (r * 4 * pitch);
                for (int t = groupStart; t < groupStart + count;)
                {
                    int ty = t / tilesWide, firstTile = t - (ty * tilesWide);
                    int run = Math.Min(tilesWide - firstTile, groupStart + count - t);
                    int p = t - groupStart;
                    int columns = Math.Min(2 * (firstTile + run), width) - (2 * firstTile);
                    for (int dy = 0; dy < 2; dy++)
                    {
                        int oy = (2 * ty) + dy;
                        if (oy < shape.FirstRow || oy >= shape.EndRow)
                        {
                            continue;
                        }

                        float* left = y + (2 * dy * pitch) + p, right = left + pitch;
                        float* row = plane + ((nint)oy * width) + (2 * firstTile);
                        int k = 0;
                        for (; 2 * (k + lanes) <= columns; k += lanes)
                        {
                            Interleave<TVec, TOps>(TOps.Load(left + k), TOps.Load(right + k), out TVec low, out TVec high);
                            TOps.Store(row + (2 * k), low);
                            TOps.Store(row + (2 * k) + lanes, high);
                        }

                        if (2 * k < columns)
                        {
                            Interleave<TVec, TOps>(TOps.Load(left + k), TOps.Load(right + k), out TVec low, out TVec high);
                            TOps.Store(lineBase, low);
                            TOps.Store(lineBase + lanes, high);
                            line[..(columns - (2 * k))].CopyTo(new Span<float>(row + (2 * k), columns - (2 * k)));
                        }
                    }

                    t += run;
                }
            }
        }
    }

    /// <summary><c>a - b</c> at any of the three widths (<see cref="IFloatVector{TVec}"/> has no subtraction).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Subtract<TVec>(TVec a, TVec b)
        where TVec : struct
    {
        if (typeof(TVec) == typeof(Vector512<float>))
        {
            Vector512<float> d = Unsafe.As<TVec, Vector512<float>>(ref a) - Unsafe.As<TVec, Vector512<float>>(ref b);
            return Unsafe.As<Vector512<float>, TVec>(ref d);
        }

        if (typeof(TVec) == typeof(Vector256<float>))
        {
            Vector256<float> d = Unsafe.As<TVec, Vector256<float>>(ref a) - Unsafe.As<TVec, Vector256<float>>(ref b);
            return Unsafe.As<Vector256<float>, TVec>(ref d);
        }

        Vector128<float> e = Unsafe.As<TVec, Vector128<float>>(ref a) - Unsafe.As<TVec, Vector128<float>>(ref b);
        return Unsafe.As<Vector128<float>, TVec>(ref e);
    }

    /// <summary>Lanes <c>a0 b0 a1 b1 ...</c>: the first half into <paramref name="low"/>, the second into <paramref name="high"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave<TVec, TOps>(TVec a, TVec b, out TVec low, out TVec high)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        if (typeof(TVec) == typeof(Vector512<float>))
        {
            Interleave(Unsafe.As<TVec, Vector512<float>>(ref a), Unsafe.As<TVec, Vector512<float>>(ref b), out Vector512<float> l, out Vector512<float> h);
            low = Unsafe.As<Vector512<float>, TVec>(ref l);
            high = Unsafe.As<Vector512<float>, TVec>(ref h);
        }
        else if (typeof(TVec) == typeof(Vector256<float>))
        {
            Interleave(Unsafe.As<TVec, Vector256<float>>(ref a), Unsafe.As<TVec, Vector256<float>>(ref b), out Vector256<float> l, out Vector256<float> h);
            low = Unsafe.As<Vector256<float>, TVec>(ref l);
            high = Unsafe.As<Vector256<float>, TVec>(ref h);
        }
        else
        {
            Interleave(Unsafe.As<TVec, Vector128<float>>(ref a), Unsafe.As<TVec, Vector128<float>>(ref b), out Vector128<float> l, out Vector128<float> h);
            low = Unsafe.As<Vector128<float>, TVec>(ref l);
            high = Unsafe.As<Vector128<float>, TVec>(ref h);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave(Vector512<float> a, Vector512<float> b, out Vector512<float> low, out Vector512<float> high)
    {
        if (Avx512F.IsSupported)
        {
            // vpermt2ps indexes the 32 floats of (a, b) as one table.
            low = Avx512F.PermuteVar16x32x2(a, Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23), b);
            high = Avx512F.PermuteVar16x32x2(a, Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31), b);
        }
        else
        {
            Interleave(a.GetLower(), b.GetLower(), out Vector256<float> l0, out Vector256<float> h0);
            Interleave(a.GetUpper(), b.GetUpper(), out Vector256<float> l1, out Vector256<float> h1);
            low = Vector512.Create(l0, h0);
            high = Vector512.Create(l1, h1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave(Vector256<float> a, Vector256<float> b, out Vector256<float> low, out Vector256<float> high)
    {
        if (Avx.IsSupported)
        {
            // vunpck*ps interleave within 128-bit lanes (a0 b0 a1 b1 | a4 b4 a5 b5); vperm2f128 puts the halves in order.
            Vector256<float> l = Avx.UnpackLow(a, b), h = Avx.UnpackHigh(a, b);
            low = Avx.Permute2x128(l, h, 0x20);
            high = Avx.Permute2x128(l, h, 0x31);
        }
        else
        {
            Interleave(a.GetLower(), b.GetLower(), out Vector128<float> l0, out Vector128<float> h0);
            Interleave(a.GetUpper(), b.GetUpper(), out Vector128<float> l1, out Vector128<float> h1);
            low = Vector256.Create(l0, h0);
            high = Vector256.Create(l1, h1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave(Vector128<float> a, Vector128<float> b, out Vector128<float> low, out Vector128<float> high)
    {
        if (Sse.IsSupported)
        {
            low = Sse.UnpackLow(a, b);
            high = Sse.UnpackHigh(a, b);
        }
        else if (AdvSimd.Arm64.IsSupported)
        {
            low = AdvSimd.Arm64.ZipLow(a, b);
            high = AdvSimd.Arm64.ZipHigh(a, b);
        }
        else
        {
            low = Vector128.Create(a.GetElement(0), b.GetElement(0), a.GetElement(1), b.GetElement(1));
            high = Vector128.Create(a.GetElement(2), b.GetElement(2), a.GetElement(3), b.GetElement(3));
        }
    }
}
