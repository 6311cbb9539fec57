using System;
using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// The network's first layer: a dense <c>nn.Conv2d(inC, outC, 3, stride=2, padding=1)</c> (BatchNorm folded)
/// over contiguous input planes into contiguous output planes. Weights are packed in blocks of 8 output
/// channels so each tap is 8 broadcasts against one stride-2 vector of input columns.
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static partial class StemConv3x3
{
    /// <summary>Output channels per packed weight block and per tile.</summary>
    internal const int BlockChannels = 8;

    private const int Taps = 9;

    /// <summary>Length of the packed weight buffer: <c>RoundUp(outChannels, 8) * inChannels * 9</c>.</summary>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="inChannels">Input channels.</param>
    public static int PackedWeightsLength(int outChannels, int inChannels) => RoundUp(outChannels) * inChannels * Taps;

    /// <summary>Length of the packed bias buffer: <c>RoundUp(outChannels, 8)</c>.</summary>
    /// <param name="outChannels">Output channels.</param>
    public static int PackedBiasLength(int outChannels) => RoundUp(outChannels);

    /// <summary>
    /// Packs <c>[out][in][3][3]</c> weights and a bias: for each block of 8 output channels, for each input
    /// channel and tap, the 8 weights side by side. Channels past <paramref name="outChannels"/> are zero.
    /// </summary>
    /// <param name="weights">Weights, <c>outChannels * inChannels * 9</c> floats.</param>
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
        KernelArguments.ExactLength(weights.Length, (long)outChannels * inChannels * Taps, nameof(weights));
        KernelArguments.ExactLength(bias.Length, outChannels, nameof(bias));
        KernelArguments.ExactLength(packedWeights.Length, PackedWeightsLength(outChannels, inChannels), nameof(packedWeights));
        KernelArguments.ExactLength(packedBias.Length, PackedBiasLength(outChannels), nameof(packedBias));

        packedWeights.Clear();
        packedBias.Clear();
        for (int co = 0; co < outChannels; co++)
        {
            for (int ci = 0; ci < inChannels; ci++)
            {
                for (int tap = 0; tap < Taps; tap++)
                {
                    packedWeights[PackedIndex(co, ci, tap, inChannels)] = weights[(((co * inChannels) + ci) * Taps) + tap];
                }
            }

            packedBias[co] = bias[co];
        }
    }

    /// <summary>Runs the convolution on one image with the widest SIMD path this machine accelerates.</summary>
    /// <param name="input">Planes <c>0..inChannels-1</c> of <paramref name="height"/> x <paramref name="width"/> floats.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="padding">Zero padding on every side: 1 (the ShuffleNets' and MobileNets' stems) or 0 (SqueezeNet 1.1's).</param>
    /// <param name="packedWeights">Weights from <see cref="PackWeights"/>.</param>
    /// <param name="packedBias">Bias from <see cref="PackWeights"/>.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="output">Planes <c>0..outChannels-1</c> of <paramref name="outHeight"/> x <paramref name="outWidth"/> floats.</param>
    /// <param name="outHeight">Output height, <c>(height + 2 * padding - 3) / 2 + 1</c>.</param>
    /// <param name="outWidth">Output width, <c>(width + 2 * padding - 3) / 2 + 1</c>.</param>
    /// <param name="activation">Applied to each value as it is stored.</param>
    /// <param name="part">The share of the call to compute (see <see cref="Part"/>): a run of output rows. Default: all of it.</param>
    /// <exception cref="ArgumentException">A size is wrong or a span is too short.</exception>
    public static void Run(ReadOnlySpan<float> input, int inChannels, int height, int width, int padding,
        ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> packedBias, int outChannels,
        Span<float> output, int outHeight, int outWidth, Activation activation, Part part = default) =>
        Run(input, inChannels, height, width, padding, packedWeights, packedBias, outChannels, output, outHeight, outWidth, activation,
            KernelDispatch.Widest, part);

    /// <summary>Runs the convolution with at most <paramref name="vectorWidth"/>-bit vectors (tests pin each path this way).</summary>
    internal static void Run(ReadOnlySpan<float> input, int inChannels, int height, int width, int padding,
        ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> packedBias, int outChannels,
        Span<float> output, int outHeight, int outWidth, Activation activation, VectorWidth vectorWidth, Part part = default)
    {
        KernelArguments.Positive(inChannels, nameof(inChannels));
        KernelArguments.Positive(outChannels, nameof(outChannels));
        KernelArguments.Positive(height, nameof(height));
        KernelArguments.Positive(width, nameof(width));
        KernelArguments.Defined(activation, nameof(activation));
        KernelArguments.ZeroOrOne(padding, nameof(padding));

        KernelArguments.ConvOutput(outHeight, height, 3, 2, padding, nameof(outHeight));
        KernelArguments.ConvOutput(outWidth, width, 3, 2, padding, nameof(outWidth));
        KernelArguments.ExactLength(packedWeights.Length, PackedWeightsLength(outChannels, inChannels), nameof(packedWeights));
        KernelArguments.ExactLength(packedBias.Length, PackedBiasLength(outChannels), nameof(packedBias));
        KernelArguments.MinimumLength(input.Length, (long)inChannels * height * width, nameof(input));
        KernelArguments.MinimumLength(output.Length, (long)outChannels * outHeight * outWidth, nameof(output));

        (int firstRow, int endRow) = part.Range(outHeight);
        if (firstRow == endRow)
        {
            return;
        }

        var shape = new Shape(inChannels, height, width, padding, outChannels, outHeight, outWidth, firstRow, endRow);
        ActivationDispatch.Run(activation, new Kernel(input, packedWeights, packedBias, output, shape, vectorWidth));
    }

    /// <summary>The validated arguments of one call, run with its activation's operator.</summary>
    private readonly ref struct Kernel(ReadOnlySpan<float> input, ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> packedBias,
        Span<float> output, Shape shape, VectorWidth vectorWidth) : IActivationKernel
    {
        private readonly ReadOnlySpan<float> _input = input, _packedWeights = packedWeights, _packedBias = packedBias;
        private readonly Span<float> _output = output;

        public void Run<TActivation>()
            where TActivation : struct, IActivationOperator
        {
            VectorWidth path = KernelDispatch.Fit(vectorWidth, shape.OutWidth);
            int scratchFloats = ScratchFloats(shape.InChannels, shape.OutWidth);
            if (path == VectorWidth.Scalar || scratchFloats > MaxScratchFloats)
            {
                RunScalar<TActivation>(_input, _packedWeights, _packedBias, _output, shape);
                return;
            }

            Span<float> scratch = stackalloc float[scratchFloats];
            switch (path)
            {
                case VectorWidth.V512:
                    RunVector<Vector512<float>, Vector512Ops, TActivation>(_input, _packedWeights, _packedBias, _output, shape, scratch);
                    break;
                case VectorWidth.V256:
                    RunVector<Vector256<float>, Vector256Ops, TActivation>(_input, _packedWeights, _packedBias, _output, shape, scratch);
                    break;
                default:
                    RunVector<Vector128<float>, Vector128Ops, TActivation>(_input, _packedWeights, _packedBias, _output, shape, scratch);
                    break;
            }
        }
    }

    private static int RoundUp(int channels) => (channels + BlockChannels - 1) / BlockChannels * BlockChannels;

    /// <summary>Where weight <c>[co][ci][tap]</c> lives in the packed buffer.</summary>
    private static int PackedIndex(int co, int ci, int tap, int inChannels) =>
        (((((co / BlockChannels) * inChannels) + ci) * Taps) + tap) * BlockChannels + (co % BlockChannels);

    /// <summary>The validated sizes of one call, and the output rows <c>[FirstRow, EndRow)</c> it computes.</summary>
    internal readonly record struct Shape(int InChannels, int Height, int Width, int Padding, int OutChannels, int OutHeight, int OutWidth,
        int FirstRow, int EndRow);
}
