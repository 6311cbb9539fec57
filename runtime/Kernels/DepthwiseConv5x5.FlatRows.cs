using System;
using System.Runtime.CompilerServices;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class DepthwiseConv5x5
{
    /// <summary>
    /// The width at which stride 1 takes <see cref="RunFlatRows{TVec, TOps, TRows, TActivation}"/> (<see cref="VectorWidth.Scalar"/>
    /// for none), and how many rows apart the two vectors of a pair are: the widest vector that covers one or two rows with at most
    /// a quarter of a row's worth past them (little of it spent on the next rows), if the plane holds a pair; one row only
    /// if <paramref name="maxRows"/> is 1 (stride 2's pairs).
    /// </summary>
    internal static (VectorWidth Width, int Rows) FlatRowsWidth(VectorWidth limit, int height, int width, int maxRows = 2)
    {
        VectorWidth fit = KernelDispatch.Fit(limit, height * width);
        while (fit != VectorWidth.Scalar)
        {
            int lanes = (int)fit / 32;
            int rows = Math.Max(1, lanes / width);
            if (rows <= maxRows && lanes <= (rows * width) + (rows * width / 4) && height * width >= lanes + (rows * width))
            {
                return (fit, rows);
            }

            fit = fit == VectorWidth.V512 ? VectorWidth.V256 : fit == VectorWidth.V256 ? VectorWidth.V128 : VectorWidth.Scalar;
        }

        return (VectorWidth.Scalar, 0);
    }

    /// <summary>The vectors of a pair one row apart.</summary>
    private readonly struct OneRow : IPairRows
    {
        public static int Rows => 1;
    }

    /// <summary>The vectors of a pair two rows apart (each about two rows: a 7-wide plane at 16 lanes).</summary>
    private readonly struct TwoRows : IPairRows
    {
        public static int Rows => 2;
    }

    /// <summary>How many rows apart <see cref="RunFlatRows{TVec, TOps, TRows, TActivation}"/> takes the two vectors of a pair.</summary>
    private interface IPairRows
    {
        static abstract int Rows { get; }
    }

    /// <summary>
    /// Stride 1 on a small plane whose rows are about a vector, half a vector or wider (MobileNet V3's 7x7, 14x14 and 28x28):
    /// the flat layout, masks and scratch of <see cref="RunFlat{TVec, TOps, TActivation}"/>, but the vectors go down the plane
    /// a column chunk at a time, two at once: the vector at flat index i and the one a row below at i + width read the same
    /// input rows but one (6 rows of 5 taps for two vectors, not 10), and the same masks, since the masks repeat every row;
    /// a vector about two rows long (7-wide rows at 16 lanes) pairs with the one two rows below (7 rows of taps). A vector of a row narrower than itself computes the next row's first pixels too (the flat layout
    /// makes every lane a real output), which the next vector recomputes; an odd last row pairs with the row above, and the
    /// plane's last vector is clamped to end at the plane's end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunFlatRows<TVec, TOps, TRows, TActivation>(in Window window, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias)
        where TVec : unmanaged
        where TOps : IFloatVector<TVec>
        where TRows : struct, IPairRows
        where TActivation : struct, IActivationOperator
    {
        int lanes = TOps.Count, rows = TRows.Rows;
        int height = window.Height, width = window.Width, pixels = window.InputPixels;
        int distance = rows * width;
        int last = pixels - lanes, lastChunk = Math.Max(0, width - lanes);
        int planeFloats = FlatPlaneFloats(height, width);
        int scratchFloats = FlatScratchFloats(height, width);
        float* scratch = stackalloc float[scratchFloats];
        new Span<float>(scratch, scratchFloats).Clear();
        float* left2 = scratch, left1 = left2 + pixels, right1 = left1 + pixels, right2 = right1 + pixels;
        FillColumnMasks(scratch, height, width);

        float* current = scratch + (4 * pixels) + (2 * width) + 2;
        float* next = current + planeFloats;
        ReadOnlySpan<int> inputPlanes = window.InputPlanes, outputPlanes = window.OutputPlanes;
        fixed (float* source = window.Input, target = window.Output, allTaps = weights, biasBase = bias)
        {
            Buffer.MemoryCopy(source + ((nint)PlaneTable.Plane(inputPlanes, 0) * pixels), current, pixels * sizeof(float), pixels * sizeof(float));
            for (int c = 0; c < window.Channels; c++)
            {
                if (c + 1 < window.Channels)
                {
                    Buffer.MemoryCopy(source + ((nint)PlaneTable.Plane(inputPlanes, c + 1) * pixels), next, pixels * sizeof(float), pixels * sizeof(float));
                }

                float* plane = current;
                current = next;
                next = plane;
                float* destination = target + ((nint)PlaneTable.Plane(outputPlanes, c) * pixels);
                float* k = allTaps + ((nint)c * Taps);
                TVec b = TOps.Broadcast(biasBase[c]);
                TVec w0 = TOps.Broadcast(k[0]), w1 = TOps.Broadcast(k[1]), w2 = TOps.Broadcast(k[2]), w3 = TOps.Broadcast(k[3]), w4 = TOps.Broadcast(k[4]);
                TVec w5 = TOps.Broadcast(k[5]), w6 = TOps.Broadcast(k[6]), w7 = TOps.Broadcast(k[7]), w8 = TOps.Broadcast(k[8]), w9 = TOps.Broadcast(k[9]);
                TVec w10 = TOps.Broadcast(k[10]), w11 = TOps.Broadcast(k[11]), w12 = TOps.Broadcast(k[12]), w13 = TOps.Broadcast(k[13]), w14 = TOps.Broadcast(k[14]);
                TVec w15 = TOps.Broadcast(k[15]), w16 = TOps.Broadcast(k[16]), w17 = TOps.Broadcast(k[17]), w18 = TOps.Broadcast(k[18]), w19 = TOps.Broadcast(k[19]);
                TVec w20 = TOps.Broadcast(k[20]), w21 = TOps.Broadcast(k[21]), w22 = TOps.Broadcast(k[22]), w23 = TOps.Broadcast(k[23]), w24 = TOps.Broadcast(k[24]);
                for (int x0 = 0; ; x0 += lanes)
                {
                    x0 = Math.Min(x0, lastChunk);
                    for (int y = 0; ; y += 2 * rows)
                    {
                        // The lower vector of the pair: rows apart from the upper one, at most at the last rows (an odd count of
                        // rows pairs with the rows above), and at most the plane's last vector.
                        int lower = Math.Min((Math.Min(y + rows, height - rows) * width) + x0, last);
                        int upper = lower - distance;
                        float* p = plane + upper;
                        Column<TVec, TOps, TRows>(p, width, w2, w7, w12, w17, w22, b, out TVec centreUp, out TVec centreDown);
                        Column<TVec, TOps, TRows>(p - 1, width, w1, w6, w11, w16, w21, TOps.Zero, out TVec westUp, out TVec westDown);
                        Column<TVec, TOps, TRows>(p + 1, width, w3, w8, w13, w18, w23, TOps.Zero, out TVec eastUp, out TVec eastDown);
                        TVec mask = TOps.Load(left1 + upper);
                        TVec up = TOps.Add(centreUp, TOps.Select(mask, westUp, TOps.Zero));
                        TVec down = TOps.Add(centreDown, TOps.Select(mask, westDown, TOps.Zero));
                        mask = TOps.Load(right1 + upper);
                        up = TOps.Add(up, TOps.Select(mask, eastUp, TOps.Zero));
                        down = TOps.Add(down, TOps.Select(mask, eastDown, TOps.Zero));
                        Column<TVec, TOps, TRows>(p - 2, width, w0, w5, w10, w15, w20, TOps.Zero, out TVec farWestUp, out TVec farWestDown);
                        Column<TVec, TOps, TRows>(p + 2, width, w4, w9, w14, w19, w24, TOps.Zero, out TVec farEastUp, out TVec farEastDown);
                        mask = TOps.Load(left2 + upper);
                        up = TOps.Add(up, TOps.Select(mask, farWestUp, TOps.Zero));
                        down = TOps.Add(down, TOps.Select(mask, farWestDown, TOps.Zero));
                        mask = TOps.Load(right2 + upper);
                        up = TOps.Add(up, TOps.Select(mask, farEastUp, TOps.Zero));
                        down = TOps.Add(down, TOps.Select(mask, farEastDown, TOps.Zero));
                        TOps.Store(destination + upper, TOps.Activate<TActivation>(up));
                        TOps.Store(destination + lower, TOps.Activate<TActivation>(down));
                        if (y + (2 * rows) >= height)
                        {
                            break;
                        }
                    }

                    if (x0 == lastChunk)
                    {
                        break;
                    }
                }
            }
        }
    }

    /// <summary>
    /// One kernel column's taps for two vectors one or two rows apart: <paramref name="up"/> sums the five input rows from two
    /// above <paramref name="p"/> (this column's taps of the upper vector) times <paramref name="k0"/>..<paramref name="k4"/>,
    /// <paramref name="down"/> the five from one above (or from the row of <paramref name="p"/>); each starts at <paramref name="start"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Column<TVec, TOps, TRows>(float* p, int width, TVec k0, TVec k1, TVec k2, TVec k3, TVec k4, TVec start,
        out TVec up, out TVec down)
        where TVec : unmanaged
        where TOps : IFloatVector<TVec>
        where TRows : struct, IPairRows
    {
        TVec row = TOps.Load(p - (2 * width));
        up = TOps.MultiplyAdd(row, k0, start);
        row = TOps.Load(p - width);
        up = TOps.MultiplyAdd(row, k1, up);
        if (TRows.Rows == 1)
        {
            down = TOps.MultiplyAdd(row, k0, start);
            row = TOps.Load(p);
            up = TOps.MultiplyAdd(row, k2, up);
            down = TOps.MultiplyAdd(row, k1, down);
            row = TOps.Load(p + width);
            up = TOps.MultiplyAdd(row, k3, up);
            down = TOps.MultiplyAdd(row, k2, down);
            row = TOps.Load(p + (2 * width));
            up = TOps.MultiplyAdd(row, k4, up);
            down = TOps.MultiplyAdd(row, k3, down);
            down = TOps.MultiplyAdd(TOps.Load(p + (3 * width)), k4, down);
        }
        else
        {
            row = TOps.Load(p);
            up = TOps.MultiplyAdd(row, k2, up);
            down = TOps.MultiplyAdd(row, k0, start);
            row = TOps.Load(p + width);
            up = TOps.MultiplyAdd(row, k3, up);
            down = TOps.MultiplyAdd(row, k1, down);
            row = TOps.Load(p + (2 * width));
            up = TOps.MultiplyAdd(row, k4, up);
            down = TOps.MultiplyAdd(row, k2, down);
            down = TOps.MultiplyAdd(TOps.Load(p + (3 * width)), k3, down);
            down = TOps.MultiplyAdd(TOps.Load(p + (4 * width)), k4, down);
        }
    }

    /// <summary>
    /// The four column masks of the flat stride-1 paths at <paramref name="masks"/>, one float per pixel each: set where the
    /// tap two columns left, one left, one right, two right lies inside the row. One row's pattern, repeated down the plane.
    /// </summary>
    private static unsafe void FillColumnMasks(float* masks, int height, int width)
    {
        int pixels = height * width;
        float set = MaskSet;
        for (int x = 0; x < width; x++)
        {
            masks[x] = x >= 2 ? set : 0f;
            masks[pixels + x] = x >= 1 ? set : 0f;
            masks[(2 * pixels) + x] = x + 1 < width ? set : 0f;
            masks[(3 * pixels) + x] = x + 2 < width ? set : 0f;
        }

        for (int y = 1; y < height; y++)
        {
            for (int m = 0; m < 4; m++)
            {
                new ReadOnlySpan<float>(masks + (m * pixels), width).CopyTo(new Span<float>(masks + (m * pixels) + (y * width), width));
            }
        }
    }
}
