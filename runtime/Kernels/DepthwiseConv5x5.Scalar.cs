using System;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class DepthwiseConv5x5
{
    /// <summary>The plain loop nest over a validated window: the scalar path and the twin the SIMD paths are tested beside.</summary>
    internal static void RunScalar<TActivation>(in Window window, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias)
        where TActivation : struct, IActivationOperator
    {
        for (int c = 0; c < window.Channels; c++)
        {
            ReadOnlySpan<float> plane = window.Input.Slice(PlaneTable.Plane(window.InputPlanes, c) * window.InputPixels, window.InputPixels);
            Span<float> destination = window.Output.Slice(PlaneTable.Plane(window.OutputPlanes, c) * window.OutputPixels, window.OutputPixels);
            ReadOnlySpan<float> taps = weights.Slice(c * Taps, Taps);
            for (int oy = 0; oy < window.OutHeight; oy++)
            {
                for (int ox = 0; ox < window.OutWidth; ox++)
                {
                    float value = Point(plane, window.Height, window.Width, window.Stride, oy, ox, taps, bias[c]);
                    destination[(oy * window.OutWidth) + ox] = TActivation.Invoke(value);
                }
            }
        }
    }

    /// <summary>One output value, reading only the taps inside the image (the others are zero padding).</summary>
    private static float Point(ReadOnlySpan<float> plane, int height, int width, int stride, int oy, int ox,
        ReadOnlySpan<float> taps, float bias)
    {
        float sum = bias;
        for (int ky = 0; ky < 5; ky++)
        {
            int iy = (oy * stride) - 2 + ky;
            if ((uint)iy >= (uint)height)
            {
                continue;
            }

            for (int kx = 0; kx < 5; kx++)
            {
                int ix = (ox * stride) - 2 + kx;
                if ((uint)ix < (uint)width)
                {
                    sum += taps[(ky * 5) + kx] * plane[(iy * width) + ix];
                }
            }
        }

        return sum;
    }
}
