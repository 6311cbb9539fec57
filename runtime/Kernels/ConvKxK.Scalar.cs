using System;

namespace ShuffleNetGen.Runtime.Kernels;

internal static partial class ConvKxK
{
    /// <summary>
    /// The plain loop nest, straight from <c>nn.Conv2d</c>'s definition with taps outside the image skipped (zero padding):
    /// the scalar path, the fallback for inputs too deep for the scratch, and the twin the SIMD paths are tested beside.
    /// </summary>
    internal static void RunScalar<TActivation>(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, ReadOnlySpan<float> packedWeights,
        ReadOnlySpan<float> packedBias, Span<float> output, ReadOnlySpan<int> outputPlanes, in Shape shape)
        where TActivation : struct, IActivationOperator
    {
        int k = shape.Kernel, taps = shape.Taps, inPixels = shape.Height * shape.Width, outPixels = shape.OutHeight * shape.OutWidth;
        for (int co = 0; co < shape.OutChannels; co++)
        {
            int block = co / BlockChannels, lane = co % BlockChannels;
            Span<float> destination = output.Slice(PlaneTable.Plane(outputPlanes, co) * outPixels, outPixels);
            for (int oy = shape.FirstRow; oy < shape.EndRow; oy++)
            {
                for (int ox = 0; ox < shape.OutWidth; ox++)
                {
                    float sum = packedBias[co];
                    for (int ci = 0; ci < shape.InChannels; ci++)
                    {
                        ReadOnlySpan<float> plane = input.Slice(PlaneTable.Plane(inputPlanes, ci) * inPixels, inPixels);
                        int weights = ((block * shape.InChannels) + ci) * taps * BlockChannels + lane;
                        for (int ky = 0; ky < k; ky++)
                        {
                            int iy = (oy * shape.Stride) - shape.Padding + ky;
                            if ((uint)iy >= (uint)shape.Height)
                            {
                                continue;
                            }

                            for (int kx = 0; kx < k; kx++)
                            {
                                int ix = (ox * shape.Stride) - shape.Padding + kx;
                                if ((uint)ix < (uint)shape.Width)
                                {
                                    sum += packedWeights[weights + (((ky * k) + kx) * BlockChannels)] * plane[(iy * shape.Width) + ix];
                                }
                            }
                        }
                    }

                    destination[(oy * shape.OutWidth) + ox] = TActivation.Invoke(sum);
                }
            }
        }
    }
}
