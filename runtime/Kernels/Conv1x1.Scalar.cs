using System;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class Conv1x1
{
    /// <summary>The plain loop nest over validated arguments: the scalar path and the twin the SIMD paths are tested beside.</summary>
    internal static void RunScalar(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int pixels,
        ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> packedBias, int inChannels, int outChannels,
        Span<float> output, ReadOnlySpan<int> outputPlanes, Epilogue epilogue, int pixelStart = 0, int pixelEnd = -1)
    {
        if (pixelEnd < 0)
        {
            pixelEnd = pixels;
        }

        for (int co = 0; co < outChannels; co++)
        {
            int block = co / BlockChannels;
            int lane = co % BlockChannels;
            Span<float> destination = output.Slice(PlaneTable.Plane(outputPlanes, co) * pixels, pixels);
            for (int p = pixelStart; p < pixelEnd; p++)
            {
                float sum = packedBias[co];
                for (int ci = 0; ci < inChannels; ci++)
                {
                    float weight = packedWeights[(((block * inChannels) + ci) * BlockChannels) + lane];
                    sum += weight * input[(PlaneTable.Plane(inputPlanes, ci) * pixels) + p];
                }

                destination[p] = epilogue switch
                {
                    Epilogue.None => sum,
                    Epilogue.Relu => Math.Max(sum, 0f),
                    _ => Math.Max(sum + destination[p], 0f),
                };
            }
        }
    }
}
