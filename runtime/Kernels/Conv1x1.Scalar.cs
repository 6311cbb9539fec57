using System;

namespace ShuffleNetGen.Runtime.Kernels;

public static partial class Conv1x1
{
    /// <summary>The plain loop nest over validated arguments: the scalar path and the twin the SIMD paths are tested beside.</summary>
    private readonly ref struct ScalarKernel(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int pixels,
        ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> packedBias, int inChannels, int outChannels,
        Span<float> output, ReadOnlySpan<int> outputPlanes, bool residual, int pixelStart, int pixelEnd) : IActivationKernel
    {
        private readonly ReadOnlySpan<float> _input = input, _packedWeights = packedWeights, _packedBias = packedBias;
        private readonly ReadOnlySpan<int> _inputPlanes = inputPlanes, _outputPlanes = outputPlanes;
        private readonly Span<float> _output = output;

        public void Run<TActivation>()
            where TActivation : struct, IActivationOperator
        {
            for (int co = 0; co < outChannels; co++)
            {
                int block = co / BlockChannels;
                int lane = co % BlockChannels;
                Span<float> destination = _output.Slice(PlaneTable.Plane(_outputPlanes, co) * pixels, pixels);
                for (int p = pixelStart; p < pixelEnd; p++)
                {
                    float sum = _packedBias[co];
                    for (int ci = 0; ci < inChannels; ci++)
                    {
                        float weight = _packedWeights[(((block * inChannels) + ci) * BlockChannels) + lane];
                        sum += weight * _input[(PlaneTable.Plane(_inputPlanes, ci) * pixels) + p];
                    }

                    destination[p] = TActivation.Invoke(residual ? sum + destination[p] : sum);
                }
            }
        }
    }
}
