using System;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class StemConv3x3
{
    /// <summary>The plain loop nest over validated arguments: the scalar path and the twin the SIMD paths are tested beside.</summary>
    internal static void RunScalar<TActivation>(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> packedBias,
        Span<float> output, in Shape shape)
        where TActivation : struct, IActivationOperator
    {
        int outputPixels = shape.OutHeight * shape.OutWidth;
        for (int co = 0; co < shape.OutChannels; co++)
        {
            for (int oy = shape.FirstRow; oy < shape.EndRow; oy++)
            {
                for (int ox = 0; ox < shape.OutWidth; ox++)
                {
                    output[(co * outputPixels) + (oy * shape.OutWidth) + ox] = TActivation.Invoke(Point(input, packedWeights, packedBias, shape, co, oy, ox));
                }
            }
        }
    }

    /// <summary>One output value before the activation, reading only the taps inside the image.</summary>
    private static float Point(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> packedBias,
        in Shape shape, int co, int oy, int ox)
    {
        float sum = packedBias[co];
        for (int ci = 0; ci < shape.InChannels; ci++)
        {
            for (int ky = 0; ky < 3; ky++)
            {
                int iy = (2 * oy) - shape.Padding + ky;
                if ((uint)iy >= (uint)shape.Height)
                {
                    continue;
                }

                for (int kx = 0; kx < 3; kx++)
                {
                    int ix = (2 * ox) - shape.Padding + kx;
                    if ((uint)ix < (uint)shape.Width)
                    {
                        float weight = packedWeights[PackedIndex(co, ci, (ky * 3) + kx, shape.InChannels)];
                        sum += weight * input[(((ci * shape.Height) + iy) * shape.Width) + ix];
                    }
                }
            }
        }

        return sum;
    }
}
