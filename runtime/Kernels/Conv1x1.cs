using System;
using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// Pointwise (1x1) convolution over planar CHW activations, computed as a small GEMM:
/// <c>out[co][p] = epilogue(bias[co] + sum over ci of W[co, ci] * in[ci][p])</c>.
/// Weights are packed once at load time into blocks of 8 output channels so the microkernel
/// broadcasts them from one contiguous stream.
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static partial class Conv1x1
{
    /// <summary>Output channels per packed weight block and per microkernel tile.</summary>
    internal const int BlockChannels = 8;

    /// <summary>Length of the packed weight buffer: <c>RoundUp(outChannels, 8) * inChannels</c>.</summary>
    /// <param name="outChannels">Output channels of the convolution.</param>
    /// <param name="inChannels">Input channels of the convolution.</param>
    public static int PackedWeightsLength(int outChannels, int inChannels) => RoundUp(outChannels) * inChannels;

    /// <summary>Length of the packed bias buffer: <c>RoundUp(outChannels, 8)</c>.</summary>
    /// <param name="outChannels">Output channels of the convolution.</param>
    public static int PackedBiasLength(int outChannels) => RoundUp(outChannels);

    /// <summary>
    /// Packs row-major <c>[out][in]</c> weights and a bias into the layout <see cref="Run(ReadOnlySpan{float}, ReadOnlySpan{int}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, int, int, Span{float}, ReadOnlySpan{int}, Epilogue, Part)"/> streams:
    /// for each block of 8 output channels, for each input channel, the 8 weights side by side.
    /// Channels past <paramref name="outChannels"/> in the last block are zero.
    /// </summary>
    /// <param name="weights">Weights, <c>outChannels * inChannels</c> floats, row-major <c>[out][in]</c>.</param>
    /// <param name="bias">Bias, <paramref name="outChannels"/> floats.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="packedWeights">Destination, <see cref="PackedWeightsLength"/> floats.</param>
    /// <param name="packedBias">Destination, <see cref="PackedBiasLength"/> floats.</param>
    public static void PackWeights(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, int outChannels, int inChannels,
        Span<float> packedWeights, Span<float> packedBias)
    {
        KernelArguments.Positive(outChannels, nameof(outChannels));
        KernelArguments.Positive(inChannels, nameof(inChannels));
        KernelArguments.ExactLength(weights.Length, (long)outChannels * inChannels, nameof(weights));
        KernelArguments.ExactLength(bias.Length, outChannels, nameof(bias));
        KernelArguments.ExactLength(packedWeights.Length, PackedWeightsLength(outChannels, inChannels), nameof(packedWeights));
        KernelArguments.ExactLength(packedBias.Length, PackedBiasLength(outChannels), nameof(packedBias));

        packedWeights.Clear();
        packedBias.Clear();
        for (int co = 0; co < outChannels; co++)
        {
            int block = co / BlockChannels;
            int lane = co % BlockChannels;
            for (int ci = 0; ci < inChannels; ci++)
            {
                packedWeights[(((block * inChannels) + ci) * BlockChannels) + lane] = weights[(co * inChannels) + ci];
            }

            packedBias[co] = bias[co];
        }
    }

    /// <summary>Runs the convolution on one image with the widest SIMD path this machine accelerates.</summary>
    /// <param name="input">Arena slice holding the input planes.</param>
    /// <param name="inputPlanes">Plane of each input channel; empty for planes <c>0..inChannels-1</c>.</param>
    /// <param name="pixels">Pixels per plane (height * width).</param>
    /// <param name="packedWeights">Weights from <see cref="PackWeights"/>.</param>
    /// <param name="packedBias">Bias from <see cref="PackWeights"/>.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="output">Arena slice receiving the output planes; must not share planes with the input.</param>
    /// <param name="outputPlanes">Plane of each output channel; empty for planes <c>0..outChannels-1</c>.</param>
    /// <param name="epilogue">What happens to each value as it is stored; <see cref="Epilogue.AddRelu"/> reads the destination first.</param>
    /// <param name="part">The share of the call to compute (see <see cref="Part"/>): whole vectors of pixels when each part
    /// gets enough of them (<see cref="SplitPolicy"/>), else blocks of 8 output channels. Default: all of it.</param>
    /// <exception cref="ArgumentException">A size is not positive or a span is too short for its shape or plane table.</exception>
    public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int pixels,
        ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> packedBias, int inChannels, int outChannels,
        Span<float> output, ReadOnlySpan<int> outputPlanes, Epilogue epilogue, Part part = default) =>
        Run(input, inputPlanes, pixels, packedWeights, packedBias, inChannels, outChannels, output, outputPlanes, epilogue,
            KernelDispatch.Widest, part);

    /// <summary>Runs the convolution with at most <paramref name="width"/>-bit vectors (tests pin each path this way).</summary>
    internal static unsafe void Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int pixels,
        ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> packedBias, int inChannels, int outChannels,
        Span<float> output, ReadOnlySpan<int> outputPlanes, Epilogue epilogue, VectorWidth width, Part part = default)
    {
        KernelArguments.Positive(pixels, nameof(pixels));
        KernelArguments.Positive(inChannels, nameof(inChannels));
        KernelArguments.Positive(outChannels, nameof(outChannels));
        KernelArguments.ExactLength(packedWeights.Length, PackedWeightsLength(outChannels, inChannels), nameof(packedWeights));
        KernelArguments.ExactLength(packedBias.Length, PackedBiasLength(outChannels), nameof(packedBias));
        KernelArguments.PlaneTable(inputPlanes, inChannels, pixels, input.Length, nameof(inputPlanes), nameof(input));
        KernelArguments.PlaneTable(outputPlanes, outChannels, pixels, output.Length, nameof(outputPlanes), nameof(output));
        if (epilogue is not (Epilogue.None or Epilogue.Relu or Epilogue.AddRelu))
        {
            throw new ArgumentException($"{nameof(epilogue)} is not defined: expected None, Relu or AddRelu, got {(int)epilogue}.", nameof(epilogue));
        }

        VectorWidth path = KernelDispatch.Fit(width, pixels);
        int pixelStart = 0, pixelEnd = pixels;
        if (!part.IsWhole)
        {
            if (SplitPolicy.OverPixels(pixels, path, part.Count))
            {
                // Parts over pixels read all the weights but only their own pixels, which the producing layer, split
                // the same way, wrote on the same core.
                (pixelStart, pixelEnd) = part.Range(pixels, SplitPolicy.Lanes(path));
            }
            else
            {
                // Blocks of 8 output channels: the part's packed weights and bias are a contiguous run of whole blocks.
                (int first, int end) = part.Range(outChannels, BlockChannels);
                if (first == end)
                {
                    return;
                }

                packedWeights = packedWeights.Slice(first * inChannels, PackedWeightsLength(end - first, inChannels));
                packedBias = packedBias.Slice(first, PackedBiasLength(end - first));
                PlaneTable.Narrow(ref output, ref outputPlanes, pixels, first, end - first);
                outChannels = end - first;
            }
        }

        if (path == VectorWidth.Scalar)
        {
            RunScalar(input, inputPlanes, pixels, packedWeights, packedBias, inChannels, outChannels, output, outputPlanes, epilogue,
                pixelStart, pixelEnd);
            return;
        }

        fixed (float* inputPointer = input)
        fixed (int* inputPlanesPointer = inputPlanes)
        fixed (float* weightsPointer = packedWeights)
        fixed (float* biasPointer = packedBias)
        fixed (float* outputPointer = output)
        fixed (int* outputPlanesPointer = outputPlanes)
        {
            var arguments = new Arguments(inputPointer, inputPlanes.IsEmpty ? null : inputPlanesPointer, pixels,
                weightsPointer, biasPointer, inChannels, outChannels,
                outputPointer, outputPlanes.IsEmpty ? null : outputPlanesPointer, epilogue, pixelStart, pixelEnd);
            switch (path)
            {
                case VectorWidth.V512:
                    RunVector<Vector512<float>, Vector512Ops>(arguments);
                    break;
                case VectorWidth.V256:
                    RunVector<Vector256<float>, Vector256Ops>(arguments);
                    break;
                default:
                    RunVector<Vector128<float>, Vector128Ops>(arguments);
                    break;
            }
        }
    }

    private static int RoundUp(int channels) => (channels + BlockChannels - 1) / BlockChannels * BlockChannels;

    /// <summary>Validated, pinned arguments; plane tables are null for identity.</summary>
    private readonly unsafe struct Arguments(float* input, int* inputPlanes, int pixels,
        float* weights, float* bias, int inChannels, int outChannels,
        float* output, int* outputPlanes, Epilogue epilogue, int pixelStart, int pixelEnd)
    {
        public readonly float* Input = input;
        public readonly int* InputPlanes = inputPlanes;
        public readonly int Pixels = pixels;
        public readonly float* Weights = weights;
        public readonly float* Bias = bias;
        public readonly int InChannels = inChannels;
        public readonly int OutChannels = outChannels;
        public readonly float* Output = output;
        public readonly int* OutputPlanes = outputPlanes;
        public readonly Epilogue Epilogue = epilogue;

        /// <summary>The pixels this call computes, <c>[PixelStart, PixelEnd)</c>: a whole vector boundary unless it ends the plane.</summary>
        public readonly int PixelStart = pixelStart;
        public readonly int PixelEnd = pixelEnd;
    }
}
