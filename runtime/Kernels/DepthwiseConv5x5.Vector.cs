using System;
using System.Runtime.CompilerServices;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class DepthwiseConv5x5
{
    /// <summary>
    /// One generic body for every width: per output row, the interior columns a vector at a time (the last vector overlapping
    /// the one before, TensorPrimitives' tail: the output is another buffer, so recomputing a few columns is harmless), summing
    /// the 5 taps of each input row inside the image; the border columns as the scalar twin computes them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunVector<TVec, TOps, TActivation>(in Window window, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias)
        where TVec : unmanaged
        where TOps : IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        int height = window.Height, width = window.Width, stride = window.Stride, outHeight = window.OutHeight, outWidth = window.OutWidth;
        int first = FirstInterior(stride), last = LastInterior(width, stride);
        int lastVector = last - TOps.Count + 1;
        TVec* w = stackalloc TVec[Taps];
        fixed (float* source = window.Input, target = window.Output, allTaps = weights)
        {
            for (int c = 0; c < window.Channels; c++)
            {
                float* plane = source + ((nint)PlaneTable.Plane(window.InputPlanes, c) * window.InputPixels);
                float* destination = target + ((nint)PlaneTable.Plane(window.OutputPlanes, c) * window.OutputPixels);
                float* taps = allTaps + (c * Taps);
                for (int t = 0; t < Taps; t++)
                {
                    w[t] = TOps.Broadcast(taps[t]);
                }

                TVec b = TOps.Broadcast(bias[c]);
                ReadOnlySpan<float> planeSpan = new(plane, window.InputPixels);
                ReadOnlySpan<float> tapSpan = new(taps, Taps);
                for (int oy = 0; oy < outHeight; oy++)
                {
                    float* row = destination + (oy * outWidth);
                    int top = (oy * stride) - 2;
                    int ox = first;
                    while (true)
                    {
                        TVec sum = b;
                        for (int ky = 0; ky < 5; ky++)
                        {
                            int iy = top + ky;
                            if ((uint)iy >= (uint)height)
                            {
                                continue;
                            }

                            float* input = plane + (iy * width) + (ox * stride) - 2;
                            TVec* k = w + (ky * 5);
                            if (stride == 1)
                            {
                                sum = TOps.MultiplyAdd(TOps.Load(input), k[0], sum);
                                sum = TOps.MultiplyAdd(TOps.Load(input + 1), k[1], sum);
                                sum = TOps.MultiplyAdd(TOps.Load(input + 2), k[2], sum);
                                sum = TOps.MultiplyAdd(TOps.Load(input + 3), k[3], sum);
                                sum = TOps.MultiplyAdd(TOps.Load(input + 4), k[4], sum);
                            }
                            else
                            {
                                TOps.LoadDeinterleaved(input, out TVec even0, out TVec odd0);
                                TOps.LoadDeinterleaved(input + 2, out TVec even2, out TVec odd2);
                                TOps.LoadDeinterleaved(input + 4, out TVec even4, out _);
                                sum = TOps.MultiplyAdd(even0, k[0], sum);
                                sum = TOps.MultiplyAdd(odd0, k[1], sum);
                                sum = TOps.MultiplyAdd(even2, k[2], sum);
                                sum = TOps.MultiplyAdd(odd2, k[3], sum);
                                sum = TOps.MultiplyAdd(even4, k[4], sum);
                            }
                        }

                        TOps.Store(row + ox, TOps.Activate<TActivation>(sum));
                        if (ox == lastVector)
                        {
                            break;
                        }

                        ox = Math.Min(ox + TOps.Count, lastVector);
                    }

                    for (int x = 0; x < first; x++)
                    {
                        row[x] = TActivation.Invoke(Point(planeSpan, height, width, stride, oy, x, tapSpan, bias[c]));
                    }

                    for (int x = last + 1; x < outWidth; x++)
                    {
                        row[x] = TActivation.Invoke(Point(planeSpan, height, width, stride, oy, x, tapSpan, bias[c]));
                    }
                }
            }
        }
    }

    /// <summary>Floats of the zero-bordered copy of one plane the padded path keeps on the stack (64 KB).</summary>
    internal const int MaxPaddedFloats = 16384;

    /// <summary>The padded copy's row length: 2 zero columns each side, and one more on the right for stride 2's last pair load.</summary>
    internal static int PaddedWidth(int width) => width + 5;

    /// <summary>Whether a plane's zero-bordered copy fits the stack scratch.</summary>
    internal static bool FitsPadded(int height, int width) => (long)(height + 4) * PaddedWidth(width) <= MaxPaddedFloats;

    /// <summary>
    /// Small planes (MobileNet V3's 28x28 down to 7x7, where the interior of a row is a vector or less): each plane is copied
    /// once into a zero-bordered scratch, so every output column is a vector lane, the last vector of a row overlapping the
    /// one before (the 3x3 Vector128 path's habit, <c>DepthwiseConv3x3.Vector.cs</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunPadded<TVec, TOps, TActivation>(in Window window, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias)
        where TVec : unmanaged
        where TOps : IFloatVector<TVec>
        where TActivation : struct, IActivationOperator
    {
        int height = window.Height, width = window.Width, stride = window.Stride, outHeight = window.OutHeight, outWidth = window.OutWidth;
        int padded = PaddedWidth(width);
        int lastVector = outWidth - TOps.Count;
        float* scratch = stackalloc float[(height + 4) * padded];
        new Span<float>(scratch, (height + 4) * padded).Clear();
        TVec* w = stackalloc TVec[Taps];
        fixed (float* source = window.Input, target = window.Output, allTaps = weights)
        {
            for (int c = 0; c < window.Channels; c++)
            {
                float* plane = source + ((nint)PlaneTable.Plane(window.InputPlanes, c) * window.InputPixels);
                float* destination = target + ((nint)PlaneTable.Plane(window.OutputPlanes, c) * window.OutputPixels);
                for (int y = 0; y < height; y++)
                {
                    new ReadOnlySpan<float>(plane + (y * width), width).CopyTo(new Span<float>(scratch + ((y + 2) * padded) + 2, width));
                }

                float* taps = allTaps + (c * Taps);
                for (int t = 0; t < Taps; t++)
                {
                    w[t] = TOps.Broadcast(taps[t]);
                }

                TVec b = TOps.Broadcast(bias[c]);
                for (int oy = 0; oy < outHeight; oy++)
                {
                    float* row = destination + (oy * outWidth);
                    float* top = scratch + (oy * stride * padded);
                    int ox = 0;
                    while (true)
                    {
                        TVec sum = b;
                        for (int ky = 0; ky < 5; ky++)
                        {
                            float* input = top + (ky * padded) + (ox * stride);
                            TVec* k = w + (ky * 5);
                            if (stride == 1)
                            {
                                sum = TOps.MultiplyAdd(TOps.Load(input), k[0], sum);
                                sum = TOps.MultiplyAdd(TOps.Load(input + 1), k[1], sum);
                                sum = TOps.MultiplyAdd(TOps.Load(input + 2), k[2], sum);
                                sum = TOps.MultiplyAdd(TOps.Load(input + 3), k[3], sum);
                                sum = TOps.MultiplyAdd(TOps.Load(input + 4), k[4], sum);
                            }
                            else
                            {
                                TOps.LoadDeinterleaved(input, out TVec even0, out TVec odd0);
                                TOps.LoadDeinterleaved(input + 2, out TVec even2, out TVec odd2);
                                TOps.LoadDeinterleaved(input + 4, out TVec even4, out _);
                                sum = TOps.MultiplyAdd(even0, k[0], sum);
                                sum = TOps.MultiplyAdd(odd0, k[1], sum);
                                sum = TOps.MultiplyAdd(even2, k[2], sum);
                                sum = TOps.MultiplyAdd(odd2, k[3], sum);
                                sum = TOps.MultiplyAdd(even4, k[4], sum);
                            }
                        }

                        TOps.Store(row + ox, TOps.Activate<TActivation>(sum));
                        if (ox == lastVector)
                        {
                            break;
                        }

                        ox = Math.Min(ox + TOps.Count, lastVector);
                    }
                }
            }
        }
    }
}
