using System;
using System.Runtime.CompilerServices;

namespace ShuffleNetGen.Runtime.Kernels;

internal static partial class ConvKxK
{
    /// <summary>
    /// Largest scratch, in floats, for one band's phase planes (64 KiB: SqueezeNet's 64-channel 13x13 Fire inputs fit in one
    /// band, so their short runs are not cut again); deeper or wider inputs take the plain loop nest.
    /// </summary>
    internal const int MaxPhaseFloats = 16384;

    /// <summary>Largest scratch, in floats, for one band of one block's accumulated outputs.</summary>
    internal const int MaxTileFloats = 4096;

    /// <summary>Vectors of outputs per register tile: 4 channels x 3 vectors is 12 accumulators, 3 inputs and a broadcast (16 registers).</summary>
    private const int TileVectors = 3;

    /// <summary>Lanes of the widest vector: the phase scratch's slack past its last row.</summary>
    private const int MaxLanes = 16;

    /// <summary>Floats per phase row: the output width plus the columns the widest tap reaches past it.</summary>
    internal static int Pitch(in Shape s) => s.OutWidth + ((s.Kernel - 1) / s.Stride);

    /// <summary>Phase rows a band needs beyond its output rows: what the lowest tap row reaches below.</summary>
    private static int HaloRows(in Shape s) => (s.Kernel - 1) / s.Stride;

    internal static int PhaseFloats(in Shape s, int bandRows) => s.InChannels * s.Stride * s.Stride * (bandRows + HaloRows(s)) * Pitch(s);

    /// <summary>Output rows per band so both scratches fit; 0 when not even one row does.</summary>
    internal static int BandRows(in Shape s)
    {
        long perRow = (long)s.InChannels * s.Stride * s.Stride * Pitch(s);
        long rows = Math.Min((MaxPhaseFloats / perRow) - HaloRows(s), MaxTileFloats / ((long)BlockChannels * Pitch(s)));
        return (int)Math.Clamp(rows, 0, s.EndRow - s.FirstRow);
    }

    /// <summary>
    /// Band by band of output rows. The input rows under a band are copied once into zero-padded phase planes (stride 2:
    /// four, one per parity of row and column, as space-to-depth does), each row <see cref="Pitch"/> floats, so that output
    /// q (row-major at that pitch) reads tap (ky, kx) at one constant offset from q: every tap of every output is a plain
    /// vector load, no border is a special case, and the band's outputs are one long run that the register tiles cover
    /// whatever the width (the few columns past the output width are computed and dropped). Tiles of 4 output channels x
    /// 3 vectors accumulate over input channels and taps, broadcasting the packed weights; the last tile overlaps its
    /// predecessor. Each tile stores, with bias and activation, into a band-sized scratch the block then copies out to its
    /// output planes (through the plane table, so a concat's half is written in place).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunVector<TVec, TOps, TActivation>(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes,
        ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> packedBias, Span<float> output, ReadOnlySpan<int> outputPlanes,
        in Shape shape, int bandRows, Span<float> phases, Span<float> tile)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        int stride = shape.Stride, k = shape.Kernel, taps = shape.Taps, pitch = Pitch(shape);
        int phaseRows = bandRows + HaloRows(shape);
        int phasePlane = phaseRows * pitch;
        int channelFloats = stride * stride * phasePlane;
        int outPixels = shape.OutHeight * shape.OutWidth;
        Span<int> offsets = stackalloc int[taps];
        for (int ky = 0; ky < k; ky++)
        {
            for (int kx = 0; kx < k; kx++)
            {
                offsets[(ky * k) + kx] = (((ky % stride * stride) + (kx % stride)) * phasePlane) + (ky / stride * pitch) + (kx / stride);
            }
        }

        phases[^MaxLanes..].Clear();
        fixed (float* phaseBase = phases)
        fixed (float* tileBase = tile)
        fixed (int* tapOffsets = offsets)
        fixed (float* weightBase = packedWeights)
        fixed (float* biasBase = packedBias)
        {
            for (int top = shape.FirstRow; top < shape.EndRow; top += bandRows)
            {
                int rows = Math.Min(bandRows, shape.EndRow - top);
                FillPhases(input, inputPlanes, shape, top, rows + HaloRows(shape), phaseRows, pitch, phases);
                int run = ((rows - 1) * pitch) + shape.OutWidth;
                for (int block = 0; block * BlockChannels < shape.OutChannels; block++)
                {
                    float* weights = weightBase + ((nint)block * shape.InChannels * taps * BlockChannels);
                    float* bias = biasBase + (block * BlockChannels);
                    TileRun<TVec, TOps, TActivation>(phaseBase, channelFloats, shape.InChannels, tapOffsets, taps, weights, bias, tileBase, run);
                    int channels = Math.Min(BlockChannels, shape.OutChannels - (block * BlockChannels));
                    for (int r = 0; r < channels; r++)
                    {
                        Span<float> plane = output.Slice(PlaneTable.Plane(outputPlanes, (block * BlockChannels) + r) * outPixels, outPixels);
                        for (int y = 0; y < rows; y++)
                        {
                            tile.Slice((r * run) + (y * pitch), shape.OutWidth).CopyTo(plane.Slice((top + y) * shape.OutWidth, shape.OutWidth));
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Outputs <c>0..run-1</c> of one block of 4 channels, channel r's at <c>tile + r * run</c>: whole 3-vector tiles, then
    /// the rest as one more 3-vector tile overlapping back when over two vectors remain, else as single vectors (the last
    /// overlapping back), so a short tail of a small map does not cost a whole tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void TileRun<TVec, TOps, TActivation>(float* phases, int channelFloats, int inChannels, int* tapOffsets, int taps,
        float* weights, float* bias, float* tile, int run)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        int lanes = TOps.Count;
        int step = TileVectors * lanes;
        int q = 0;
        for (; q + step <= run; q += step)
        {
            Tile4x3<TVec, TOps, TActivation>(phases + q, channelFloats, inChannels, tapOffsets, taps, weights, bias, tile + q, run);
        }

        if (q == run)
        {
            return;
        }

        if (run - q > 2 * lanes && run >= step)
        {
            Tile4x3<TVec, TOps, TActivation>(phases + run - step, channelFloats, inChannels, tapOffsets, taps, weights, bias, tile + run - step, run);
            return;
        }

        for (; ; q += lanes)
        {
            q = Math.Min(q, run - lanes);
            Tile4x1<TVec, TOps, TActivation>(phases + q, channelFloats, inChannels, tapOffsets, taps, weights, bias, tile + q, run);
            if (q == run - lanes)
            {
                return;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Tile4x3<TVec, TOps, TActivation>(float* source, int channelFloats, int inChannels, int* tapOffsets, int taps,
        float* weights, float* bias, float* destination, int run)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        int lanes = TOps.Count;
        TVec b0 = TOps.Broadcast(bias[0]), b1 = TOps.Broadcast(bias[1]), b2 = TOps.Broadcast(bias[2]), b3 = TOps.Broadcast(bias[3]);
        TVec a00 = b0, a01 = b0, a02 = b0;
        TVec a10 = b1, a11 = b1, a12 = b1;
        TVec a20 = b2, a21 = b2, a22 = b2;
        TVec a30 = b3, a31 = b3, a32 = b3;
        float* w = weights;
        for (int ci = 0; ci < inChannels; ci++)
        {
            float* channel = source + ((nint)ci * channelFloats);
            for (int t = 0; t < taps; t++, w += BlockChannels)
            {
                float* s = channel + tapOffsets[t];
                TVec x0 = TOps.Load(s), x1 = TOps.Load(s + lanes), x2 = TOps.Load(s + (2 * lanes));
                TVec wv = TOps.Broadcast(w[0]);
                a00 = TOps.MultiplyAdd(x0, wv, a00);
                a01 = TOps.MultiplyAdd(x1, wv, a01);
                a02 = TOps.MultiplyAdd(x2, wv, a02);
                wv = TOps.Broadcast(w[1]);
                a10 = TOps.MultiplyAdd(x0, wv, a10);
                a11 = TOps.MultiplyAdd(x1, wv, a11);
                a12 = TOps.MultiplyAdd(x2, wv, a12);
                wv = TOps.Broadcast(w[2]);
                a20 = TOps.MultiplyAdd(x0, wv, a20);
                a21 = TOps.MultiplyAdd(x1, wv, a21);
                a22 = TOps.MultiplyAdd(x2, wv, a22);
                wv = TOps.Broadcast(w[3]);
                a30 = TOps.MultiplyAdd(x0, wv, a30);
                a31 = TOps.MultiplyAdd(x1, wv, a31);
                a32 = TOps.MultiplyAdd(x2, wv, a32);
            }
        }

        Store3<TVec, TOps, TActivation>(destination, lanes, a00, a01, a02);
        Store3<TVec, TOps, TActivation>(destination + run, lanes, a10, a11, a12);
        Store3<TVec, TOps, TActivation>(destination + (2 * (nint)run), lanes, a20, a21, a22);
        Store3<TVec, TOps, TActivation>(destination + (3 * (nint)run), lanes, a30, a31, a32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Tile4x1<TVec, TOps, TActivation>(float* source, int channelFloats, int inChannels, int* tapOffsets, int taps,
        float* weights, float* bias, float* destination, int run)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        TVec a0 = TOps.Broadcast(bias[0]), a1 = TOps.Broadcast(bias[1]), a2 = TOps.Broadcast(bias[2]), a3 = TOps.Broadcast(bias[3]);
        float* w = weights;
        for (int ci = 0; ci < inChannels; ci++)
        {
            float* channel = source + ((nint)ci * channelFloats);
            for (int t = 0; t < taps; t++, w += BlockChannels)
            {
                TVec x = TOps.Load(channel + tapOffsets[t]);
                a0 = TOps.MultiplyAdd(x, TOps.Broadcast(w[0]), a0);
                a1 = TOps.MultiplyAdd(x, TOps.Broadcast(w[1]), a1);
                a2 = TOps.MultiplyAdd(x, TOps.Broadcast(w[2]), a2);
                a3 = TOps.MultiplyAdd(x, TOps.Broadcast(w[3]), a3);
            }
        }

        TOps.Store(destination, TOps.Activate<TActivation>(a0));
        TOps.Store(destination + run, TOps.Activate<TActivation>(a1));
        TOps.Store(destination + (2 * (nint)run), TOps.Activate<TActivation>(a2));
        TOps.Store(destination + (3 * (nint)run), TOps.Activate<TActivation>(a3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store3<TVec, TOps, TActivation>(float* destination, int lanes, TVec v0, TVec v1, TVec v2)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        TOps.Store(destination, TOps.Activate<TActivation>(v0));
        TOps.Store(destination + lanes, TOps.Activate<TActivation>(v1));
        TOps.Store(destination + (2 * lanes), TOps.Activate<TActivation>(v2));
    }

    /// <summary>
    /// Copies input rows <c>top * stride - padding ...</c> of every channel into the band's phase planes: phase (py, px),
    /// row a, column b holds input (stride * (top + a) + py - padding, stride * b + px - padding), zero outside the image.
    /// </summary>
    private static void FillPhases(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, in Shape shape, int top, int rows,
        int phaseRows, int pitch, Span<float> phases)
    {
        int stride = shape.Stride, padding = shape.Padding, width = shape.Width, inPixels = shape.Height * width;
        int phasePlane = phaseRows * pitch;
        for (int ci = 0; ci < shape.InChannels; ci++)
        {
            ReadOnlySpan<float> plane = input.Slice(PlaneTable.Plane(inputPlanes, ci) * inPixels, inPixels);
            for (int py = 0; py < stride; py++)
            {
                for (int px = 0; px < stride; px++)
                {
                    Span<float> phase = phases.Slice((((ci * stride) + py) * stride + px) * phasePlane, phasePlane);
                    for (int a = 0; a < rows; a++)
                    {
                        Span<float> row = phase.Slice(a * pitch, pitch);
                        int iy = (stride * (top + a)) + py - padding;
                        if ((uint)iy >= (uint)shape.Height)
                        {
                            row.Clear();
                            continue;
                        }

                        ReadOnlySpan<float> source = plane.Slice(iy * width, width);
                        if (stride == 1)
                        {
                            // Column b is input column b - padding: zeros, the row, zeros.
                            int count = Math.Min(width, pitch - padding);
                            row[..padding].Clear();
                            source[..count].CopyTo(row[padding..]);
                            row[(padding + count)..].Clear();
                            continue;
                        }

                        for (int b = 0; b < pitch; b++)
                        {
                            int ix = (stride * b) + px - padding;
                            row[b] = (uint)ix < (uint)width ? source[ix] : 0f;
                        }
                    }
                }
            }
        }
    }
}
