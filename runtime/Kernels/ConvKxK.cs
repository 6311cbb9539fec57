using System;
using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// A dense square <c>nn.Conv2d(inC, outC, k, stride, padding)</c> (bias and BatchNorm folded) on channel planes read and
/// written through plane tables, so a Fire module's 3x3 expand stores straight into its half of the concatenated output.
/// <see cref="Conv3x3"/> and <see cref="Conv7x7"/> are its catalogue rows; this is the shared body. Weights are packed at
/// load in blocks of <see cref="BlockChannels"/> output channels: for each block, input channel and tap, the block's weights
/// side by side, so a tile broadcasts them from one stream.
/// </summary>
internal static partial class ConvKxK
{
    /// <summary>Output channels per packed weight block and per register tile.</summary>
    internal const int BlockChannels = 4;

    /// <summary>Length of the packed weight buffer: <c>RoundUp(outChannels, 4) * inChannels * kernel * kernel</c>.</summary>
    public static int PackedWeightsLength(int outChannels, int inChannels, int kernel) => RoundUp(outChannels) * inChannels * kernel * kernel;

    /// <summary>Length of the packed bias buffer: <c>RoundUp(outChannels, 4)</c>.</summary>
    public static int PackedBiasLength(int outChannels) => RoundUp(outChannels);

    /// <summary>Packs PyTorch's <c>[out][in][k][k]</c> weights and a bias; channels past <paramref name="outChannels"/> are zero.</summary>
    public static void PackWeights(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, int outChannels, int inChannels, int kernel,
        Span<float> packedWeights, Span<float> packedBias)
    {
        KernelArguments.Positive(outChannels, nameof(outChannels));
        KernelArguments.Positive(inChannels, nameof(inChannels));
        KernelArguments.Positive(kernel, nameof(kernel));
        int taps = kernel * kernel;
        KernelArguments.ExactLength(weights.Length, (long)outChannels * inChannels * taps, nameof(weights));
        KernelArguments.ExactLength(bias.Length, outChannels, nameof(bias));
        KernelArguments.ExactLength(packedWeights.Length, PackedWeightsLength(outChannels, inChannels, kernel), nameof(packedWeights));
        KernelArguments.ExactLength(packedBias.Length, PackedBiasLength(outChannels), nameof(packedBias));

        packedWeights.Clear();
        packedBias.Clear();
        for (int co = 0; co < outChannels; co++)
        {
            int block = co / BlockChannels, lane = co % BlockChannels;
            for (int ci = 0; ci < inChannels; ci++)
            {
                for (int tap = 0; tap < taps; tap++)
                {
                    packedWeights[((((block * inChannels) + ci) * taps) + tap) * BlockChannels + lane] = weights[(((co * inChannels) + ci) * taps) + tap];
                }
            }

            packedBias[co] = bias[co];
        }
    }

    /// <summary>PyTorch's output size: <c>(input + 2 * padding - kernel) / stride + 1</c>.</summary>
    public static int OutputSize(int input, int kernel, int stride, int padding) => ((input + (2 * padding) - kernel) / stride) + 1;

    /// <summary>
    /// Runs the convolution with at most <paramref name="vectorWidth"/>-bit vectors (tests pin each path this way); the
    /// arguments are <see cref="Conv3x3.Run"/>'s, with the kernel size.
    /// </summary>
    public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int inChannels, int height, int width,
        int kernel, int stride, int padding, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> packedBias, int outChannels,
        Span<float> output, ReadOnlySpan<int> outputPlanes, int outHeight, int outWidth, Activation activation,
        VectorWidth vectorWidth, Part part = default)
    {
        KernelArguments.Positive(inChannels, nameof(inChannels));
        KernelArguments.Positive(outChannels, nameof(outChannels));
        KernelArguments.Positive(height, nameof(height));
        KernelArguments.Positive(width, nameof(width));
        KernelArguments.Stride(stride, nameof(stride));
        if (padding < 0 || padding >= kernel)
        {
            throw new ArgumentException($"{nameof(padding)} must be in 0..kernel-1: expected 0 to {kernel - 1}, got {padding}.", nameof(padding));
        }

        KernelArguments.Defined(activation, nameof(activation));
        KernelArguments.ConvOutput(outHeight, height, kernel, stride, padding, nameof(outHeight));
        KernelArguments.ConvOutput(outWidth, width, kernel, stride, padding, nameof(outWidth));
        KernelArguments.ExactLength(packedWeights.Length, PackedWeightsLength(outChannels, inChannels, kernel), nameof(packedWeights));
        KernelArguments.ExactLength(packedBias.Length, PackedBiasLength(outChannels), nameof(packedBias));
        KernelArguments.PlaneTable(inputPlanes, inChannels, height * width, input.Length, nameof(inputPlanes), nameof(input));
        KernelArguments.PlaneTable(outputPlanes, outChannels, outHeight * outWidth, output.Length, nameof(outputPlanes), nameof(output));

        (int firstRow, int endRow) = part.Range(outHeight);
        if (firstRow == endRow)
        {
            return;
        }

        var shape = new Shape(inChannels, height, width, kernel, stride, padding, outChannels, outHeight, outWidth, firstRow, endRow);
        ActivationDispatch.Run(activation, new Kernel(input, inputPlanes, packedWeights, packedBias, output, outputPlanes, shape, vectorWidth));
    }

    /// <summary>The validated arguments of one call, run with its activation's operator.</summary>
    private readonly ref struct Kernel(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, ReadOnlySpan<float> packedWeights,
        ReadOnlySpan<float> packedBias, Span<float> output, ReadOnlySpan<int> outputPlanes, Shape shape, VectorWidth vectorWidth) : IActivationKernel
    {
        private readonly ReadOnlySpan<float> _input = input, _packedWeights = packedWeights, _packedBias = packedBias;
        private readonly ReadOnlySpan<int> _inputPlanes = inputPlanes, _outputPlanes = outputPlanes;
        private readonly Span<float> _output = output;

        public void Run<TActivation>()
            where TActivation : struct, IActivationOperator
        {
            VectorWidth path = KernelDispatch.Fit(vectorWidth, shape.OutWidth);
            int bandRows = BandRows(shape);
            if (path == VectorWidth.Scalar || bandRows == 0)
            {
                RunScalar<TActivation>(_input, _inputPlanes, _packedWeights, _packedBias, _output, _outputPlanes, shape);
                return;
            }

            Span<float> phases = stackalloc float[PhaseFloats(shape, bandRows) + MaxLanes];
            Span<float> tile = stackalloc float[BlockChannels * bandRows * Pitch(shape)];
            switch (path)
            {
                case VectorWidth.V512:
                    RunVector<Vector512<float>, Vector512Ops, TActivation>(_input, _inputPlanes, _packedWeights, _packedBias, _output, _outputPlanes, shape, bandRows, phases, tile);
                    break;
                case VectorWidth.V256:
                    RunVector<Vector256<float>, Vector256Ops, TActivation>(_input, _inputPlanes, _packedWeights, _packedBias, _output, _outputPlanes, shape, bandRows, phases, tile);
                    break;
                default:
                    RunVector<Vector128<float>, Vector128Ops, TActivation>(_input, _inputPlanes, _packedWeights, _packedBias, _output, _outputPlanes, shape, bandRows, phases, tile);
                    break;
            }
        }
    }

    private static int RoundUp(int channels) => (channels + BlockChannels - 1) / BlockChannels * BlockChannels;

    /// <summary>The validated sizes of one call, and the output rows <c>[FirstRow, EndRow)</c> it computes.</summary>
    internal readonly record struct Shape(int InChannels, int Height, int Width, int Kernel, int Stride, int Padding,
        int OutChannels, int OutHeight, int OutWidth, int FirstRow, int EndRow)
    {
        public int Taps => Kernel * Kernel;
    }
}
