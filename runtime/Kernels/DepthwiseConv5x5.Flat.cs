using System;
using System.Runtime.CompilerServices;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class DepthwiseConv5x5
{
    /// <summary>Floats of the flat paths' stack scratch at most (64 KB); a larger plane takes the row paths.</summary>
    internal const int MaxFlatFloats = 16384;

    /// <summary>
    /// Floats of one stride-1 plane copy: two zero rows above and below the plane (the vertical padding) and two guard
    /// floats before and after those (what the corner taps of the first and last pixel read, masked off).
    /// </summary>
    private static int FlatPlaneFloats(int height, int width) => ((height + 4) * width) + 4;

    /// <summary>Scratch floats of the flat stride-1 path: the four column masks (one float per pixel each) and two plane copies.</summary>
    internal static int FlatScratchFloats(int height, int width) => (4 * height * width) + (2 * FlatPlaneFloats(height, width));

    /// <summary>Whether the window takes a flat path: its scratch fits <see cref="MaxFlatFloats"/>.</summary>
    internal static bool FitsFlat(int height, int width, int stride, int outHeight, int outWidth) =>
        stride == 1
            ? (long)FlatScratchFloats(height, width) <= MaxFlatFloats
            : (long)FlatStride2ScratchFloats(outHeight, outWidth) <= MaxFlatFloats;

    /// <summary>The all-bits-set float a mask lane holds where a tap is inside the row.</summary>
    private static float MaskSet => BitConverter.Int32BitsToSingle(-1);

    /// <summary>
    /// Stride 1 on a small plane (MobileNet V3's 28x28, 14x14 and 7x7): the plane is one flat row of height * width pixels,
    /// so vectors run across row ends (a 7x7 plane is 4 vectors of 16, not 7 rows of two 4-lane vectors) and write the
    /// output plane directly. Each channel is copied once into a scratch with two zero rows above and below (the vertical
    /// padding); the 25 taps are held in registers, and the taps of each kernel column are summed in their own chain, so a
    /// tap that wraps round a row end into the neighbouring row is dropped with its whole column: per-pixel masks
    /// (column >= 2, >= 1, &lt;= width - 2, &lt;= width - 3) select the four off-centre chains, so a non-finite value wrapped in
    /// cannot leak a NaN. The next channel is copied before this one is computed (the computation then reads stores
    /// that have retired: <c>DepthwiseConv3x3.Flat.cs</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunFlat<TVec, TOps, TActivation>(in Window window, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias)
        where TVec : unmanaged
        where TOps : IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        int lanes = TOps.Count;
        int height = window.Height, width = window.Width, pixels = window.InputPixels;
        int last = pixels - lanes;
        int planeFloats = FlatPlaneFloats(height, width);
        int scratchFloats = FlatScratchFloats(height, width);
        float* scratch = stackalloc float[scratchFloats];
        new Span<float>(scratch, scratchFloats).Clear();

        float* left2 = scratch, left1 = left2 + pixels, right1 = left1 + pixels, right2 = right1 + pixels;
        FillColumnMasks(scratch, height, width);

        int offset = (2 * width) + 2;
        float* current = scratch + (4 * pixels) + offset;
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
                for (int i = 0; ; i += lanes)
                {
                    i = Math.Min(i, last);
                    float* r0 = plane + i - (2 * width), r1 = plane + i - width, r2 = plane + i, r3 = plane + i + width, r4 = plane + i + (2 * width);
                    TVec centre = TOps.MultiplyAdd(TOps.Load(r0), w2, b);
                    centre = TOps.MultiplyAdd(TOps.Load(r1), w7, centre);
                    centre = TOps.MultiplyAdd(TOps.Load(r2), w12, centre);
                    centre = TOps.MultiplyAdd(TOps.Load(r3), w17, centre);
                    centre = TOps.MultiplyAdd(TOps.Load(r4), w22, centre);
                    TVec west = TOps.MultiplyAdd(TOps.Load(r0 - 1), w1, TOps.Zero);
                    west = TOps.MultiplyAdd(TOps.Load(r1 - 1), w6, west);
                    west = TOps.MultiplyAdd(TOps.Load(r2 - 1), w11, west);
                    west = TOps.MultiplyAdd(TOps.Load(r3 - 1), w16, west);
                    west = TOps.MultiplyAdd(TOps.Load(r4 - 1), w21, west);
                    TVec east = TOps.MultiplyAdd(TOps.Load(r0 + 1), w3, TOps.Zero);
                    east = TOps.MultiplyAdd(TOps.Load(r1 + 1), w8, east);
                    east = TOps.MultiplyAdd(TOps.Load(r2 + 1), w13, east);
                    east = TOps.MultiplyAdd(TOps.Load(r3 + 1), w18, east);
                    east = TOps.MultiplyAdd(TOps.Load(r4 + 1), w23, east);
                    TVec farWest = TOps.MultiplyAdd(TOps.Load(r0 - 2), w0, TOps.Zero);
                    farWest = TOps.MultiplyAdd(TOps.Load(r1 - 2), w5, farWest);
                    farWest = TOps.MultiplyAdd(TOps.Load(r2 - 2), w10, farWest);
                    farWest = TOps.MultiplyAdd(TOps.Load(r3 - 2), w15, farWest);
                    farWest = TOps.MultiplyAdd(TOps.Load(r4 - 2), w20, farWest);
                    TVec farEast = TOps.MultiplyAdd(TOps.Load(r0 + 2), w4, TOps.Zero);
                    farEast = TOps.MultiplyAdd(TOps.Load(r1 + 2), w9, farEast);
                    farEast = TOps.MultiplyAdd(TOps.Load(r2 + 2), w14, farEast);
                    farEast = TOps.MultiplyAdd(TOps.Load(r3 + 2), w19, farEast);
                    farEast = TOps.MultiplyAdd(TOps.Load(r4 + 2), w24, farEast);
                    TVec near = TOps.Add(TOps.Select(TOps.Load(left1 + i), west, TOps.Zero), TOps.Select(TOps.Load(right1 + i), east, TOps.Zero));
                    TVec far = TOps.Add(TOps.Select(TOps.Load(left2 + i), farWest, TOps.Zero), TOps.Select(TOps.Load(right2 + i), farEast, TOps.Zero));
                    TVec sum = TOps.Add(centre, TOps.Add(near, far));
                    TOps.Store(destination + i, TOps.Activate<TActivation>(sum));
                    if (i == last)
                    {
                        break;
                    }
                }
            }
        }
    }
}
