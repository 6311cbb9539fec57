using System;
using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// A dense <c>nn.Conv2d(inC, outC, 3, stride=1, padding=1)</c> with its bias (and any BatchNorm) folded, computed by
/// Winograd's minimal filtering F(2x2, 3x3) (Lavin and Gray, 2015): each 2x2 block of outputs of each (input, output)
/// channel pair takes 16 multiplies instead of 36. SqueezeNet's Fire expand3x3, read and written through plane tables, so
/// each expand stores straight into its half of the concatenated Fire output. Weights are transformed at load
/// (<c>U = G g G^T</c>); per call, input tiles are transformed (<c>V = B^T d B</c>), the 16 positions multiplied as 16 small
/// matrix products over the input channels, and the products transformed back (<c>Y = A^T M A</c>). The transforms'
/// coefficients are 0, ±1 and ±1/2, so the result differs from the direct conv by float rounding only (the sums are
/// reassociated); an infinite input may come out as NaN where the direct sum gives an infinity (the transforms subtract it
/// from itself), never as a finite value.
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static partial class WinogradConv3x3
{
    /// <summary>
    /// Deepest input the kernel takes: its transformed-input scratch (on the stack) must hold one vector of tiles of every
    /// input channel. The catalogue row leaves deeper convs to the direct <see cref="Conv3x3"/>.
    /// </summary>
    public const int MaxInputChannels = 192;

    /// <summary>Output channels per packed weight block and per register tile.</summary>
    internal const int BlockChannels = 4;

    /// <summary>Positions of a 4x4 transformed tile: the 16 products per (input, output) channel pair.</summary>
    internal const int Positions = 16;

    /// <summary>Length of the packed weight buffer: <c>RoundUp(outChannels, 4) * 16 * inChannels</c>.</summary>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="inChannels">Input channels.</param>
    public static int PackedWeightsLength(int outChannels, int inChannels) => RoundUp(outChannels) * Positions * inChannels;

    /// <summary>Length of the packed bias buffer: <c>RoundUp(outChannels, 4)</c>.</summary>
    /// <param name="outChannels">Output channels.</param>
    public static int PackedBiasLength(int outChannels) => RoundUp(outChannels);

    /// <summary>
    /// Transforms PyTorch's <c>[out][in][3][3]</c> weights to <c>U = G g G^T</c> (in double, rounded once) and packs them: for
    /// each block of 4 output channels, each of the 16 positions and each input channel, the block's 4 values side by side.
    /// Channels past <paramref name="outChannels"/> are zero.
    /// </summary>
    /// <param name="weights">PyTorch's weights, BatchNorm already folded.</param>
    /// <param name="bias">The folded bias, one per output channel.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="packedWeights">Receives <see cref="PackedWeightsLength"/> floats.</param>
    /// <param name="packedBias">Receives <see cref="PackedBiasLength"/> floats.</param>
    /// <exception cref="ArgumentException">A size or a span's length is wrong.</exception>
    public static void PackWeights(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, int outChannels, int inChannels,
        Span<float> packedWeights, Span<float> packedBias)
    {
        KernelArguments.Positive(outChannels, nameof(outChannels));
        KernelArguments.Positive(inChannels, nameof(inChannels));
        KernelArguments.ExactLength(weights.Length, (long)outChannels * inChannels * 9, nameof(weights));
        KernelArguments.ExactLength(bias.Length, outChannels, nameof(bias));
        KernelArguments.ExactLength(packedWeights.Length, PackedWeightsLength(outChannels, inChannels), nameof(packedWeights));
        KernelArguments.ExactLength(packedBias.Length, PackedBiasLength(outChannels), nameof(packedBias));

        // G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1].
        ReadOnlySpan<double> g = [1, 0, 0, 0.5, 0.5, 0.5, 0.5, -0.5, 0.5, 0, 0, 1];
        Span<double> half = stackalloc double[12];
        packedWeights.Clear();
        packedBias.Clear();
        for (int co = 0; co < outChannels; co++)
        {
            int block = co / BlockChannels, lane = co % BlockChannels;
            for (int ci = 0; ci < inChannels; ci++)
            {
                ReadOnlySpan<float> kernel = weights.Slice(((co * inChannels) + ci) * 9, 9);
                for (int i = 0; i < 4; i++)
                {
                    for (int l = 0; l < 3; l++)
                    {
                        half[(i * 3) + l] = (g[i * 3] * kernel[l]) + (g[(i * 3) + 1] * kernel[3 + l]) + (g[(i * 3) + 2] * kernel[6 + l]);
                    }
                }

                for (int i = 0; i < 4; i++)
                {
                    for (int j = 0; j < 4; j++)
                    {
                        double u = (half[i * 3] * g[j * 3]) + (half[(i * 3) + 1] * g[(j * 3) + 1]) + (half[(i * 3) + 2] * g[(j * 3) + 2]);
                        packedWeights[((((block * Positions) + (i * 4) + j) * inChannels) + ci) * BlockChannels + lane] = (float)u;
                    }
                }
            }

            packedBias[co] = bias[co];
        }
    }

    /// <summary>Runs the convolution on one image with the widest SIMD path this machine accelerates.</summary>
    /// <param name="input">Arena slice holding the input planes.</param>
    /// <param name="inputPlanes">Plane of each input channel; empty for planes <c>0..inChannels-1</c>.</param>
    /// <param name="inChannels">Input channels, 1 to <see cref="MaxInputChannels"/>.</param>
    /// <param name="height">Input (and output) height.</param>
    /// <param name="width">Input (and output) width.</param>
    /// <param name="packedWeights">Weights packed by <see cref="PackWeights"/>.</param>
    /// <param name="packedBias">Bias packed with them.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="output">Arena slice receiving the output planes; must not share planes with the input.</param>
    /// <param name="outputPlanes">Plane of each output channel; empty for planes <c>0..outChannels-1</c>.</param>
    /// <param name="outHeight">Output height, equal to <paramref name="height"/>.</param>
    /// <param name="outWidth">Output width, equal to <paramref name="width"/>.</param>
    /// <param name="activation">Applied to each value as it is stored.</param>
    /// <param name="part">The share of the call to compute (see <see cref="Part"/>): a run of output rows. Default: all of it.</param>
    /// <exception cref="ArgumentException">A size is wrong or a span is too short for its shape or plane table.</exception>
    public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int inChannels, int height, int width,
        ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> packedBias, int outChannels,
        Span<float> output, ReadOnlySpan<int> outputPlanes, int outHeight, int outWidth, Activation activation, Part part = default) =>
        Run(input, inputPlanes, inChannels, height, width, packedWeights, packedBias, outChannels, output, outputPlanes, outHeight, outWidth,
            activation, KernelDispatch.Widest, part);

    /// <summary>Runs the convolution with at most <paramref name="vectorWidth"/>-bit vectors (tests pin each path this way).</summary>
    internal static void Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int inChannels, int height, int width,
        ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> packedBias, int outChannels,
        Span<float> output, ReadOnlySpan<int> outputPlanes, int outHeight, int outWidth, Activation activation,
        VectorWidth vectorWidth, Part part = default)
    {
        KernelArguments.Positive(inChannels, nameof(inChannels));
        if (inChannels > MaxInputChannels)
        {
            throw new ArgumentException($"{nameof(inChannels)} is too deep for the Winograd scratch: expected at most {MaxInputChannels}, got {inChannels}.", nameof(inChannels));
        }

        KernelArguments.Positive(outChannels, nameof(outChannels));
        KernelArguments.Positive(height, nameof(height));
        KernelArguments.Positive(width, nameof(width));
        KernelArguments.Defined(activation, nameof(activation));
        SameSize(outHeight, height, nameof(outHeight));
        SameSize(outWidth, width, nameof(outWidth));
        KernelArguments.ExactLength(packedWeights.Length, PackedWeightsLength(outChannels, inChannels), nameof(packedWeights));
        KernelArguments.ExactLength(packedBias.Length, PackedBiasLength(outChannels), nameof(packedBias));
        KernelArguments.PlaneTable(inputPlanes, inChannels, height * width, input.Length, nameof(inputPlanes), nameof(input));
        KernelArguments.PlaneTable(outputPlanes, outChannels, outHeight * outWidth, output.Length, nameof(outputPlanes), nameof(output));

        (int firstRow, int endRow) = part.Range(outHeight);
        if (firstRow == endRow)
        {
            return;
        }

        var shape = new Shape(inChannels, height, width, outChannels, firstRow, endRow);
        ActivationDispatch.Run(activation, new Kernel(input, inputPlanes, packedWeights, packedBias, output, outputPlanes, shape, vectorWidth));
    }

    private static void SameSize(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} must equal the input's (stride 1, padding 1): expected {expected}, got {actual}.", name);
        }
    }

    private static int RoundUp(int channels) => (channels + BlockChannels - 1) / BlockChannels * BlockChannels;

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
            // The path depends on the whole call's tiles, not the part's, so the parts of a call compute what it does.
            VectorWidth path = KernelDispatch.Fit(vectorWidth, shape.TilesWide * shape.TilesHigh);
            switch (path)
            {
                case VectorWidth.V512:
                    RunVector<Vector512<float>, Vector512Ops, TActivation>(_input, _inputPlanes, _packedWeights, _packedBias, _output, _outputPlanes, shape);
                    break;
                case VectorWidth.V256:
                    RunVector<Vector256<float>, Vector256Ops, TActivation>(_input, _inputPlanes, _packedWeights, _packedBias, _output, _outputPlanes, shape);
                    break;
                case VectorWidth.V128:
                    RunVector<Vector128<float>, Vector128Ops, TActivation>(_input, _inputPlanes, _packedWeights, _packedBias, _output, _outputPlanes, shape);
                    break;
                default:
                    RunScalar<TActivation>(_input, _inputPlanes, _packedWeights, _packedBias, _output, _outputPlanes, shape);
                    break;
            }
        }
    }

    /// <summary>
    /// The validated sizes of one call and the output rows <c>[FirstRow, EndRow)</c> it stores. Tile (ty, tx) covers outputs
    /// rows 2ty..2ty+1, columns 2tx..2tx+1 and reads inputs rows 2ty-1..2ty+2, columns 2tx-1..2tx+2 (zero outside).
    /// </summary>
    internal readonly record struct Shape(int InChannels, int Height, int Width, int OutChannels, int FirstRow, int EndRow)
    {
        public int TilesWide => (Width + 1) / 2;

        public int TilesHigh => (Height + 1) / 2;

        /// <summary>The tile rows holding the part's output rows; a tile row straddling a part's edge is computed by both.</summary>
        public int FirstTileRow => FirstRow / 2;

        public int EndTileRow => (EndRow + 1) / 2;
    }
}
