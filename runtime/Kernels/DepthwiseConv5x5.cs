using System;
using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// Depthwise 5x5 convolution (<c>nn.Conv2d(C, C, 5, stride, padding=2, groups=C)</c>, BatchNorm folded into weights and
/// bias; MobileNet V3's 5x5 blocks) over planar CHW activations, the planes read in place. Each output row sums the taps of
/// the input rows inside the image (the padding rows are skipped, not read); its interior columns, whose five taps all lie
/// inside the row, are vectorised (<c>DepthwiseConv5x5.Vector.cs</c>), the two or so border columns each side go tap by tap.
/// Small planes (all of MobileNet V3's) take the flat paths: each channel is copied once (stride 1,
/// <c>DepthwiseConv5x5.Flat.cs</c>, <c>.FlatRows.cs</c>) or split into parity planes (stride 2, <c>.FlatStride2.cs</c>)
/// into a stack scratch with zero rows around it, and the output plane is computed as flat runs of vectors with the 25 taps
/// in registers. Planes up to <see cref="MaxPaddedFloats"/> with their border are copied once each into a zero-bordered
/// stack scratch instead, so every output column is a vector lane.
/// The output size is that of the 3x3 window with padding 1, so <see cref="Window"/> validates both.
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static partial class DepthwiseConv5x5
{
    /// <summary>Taps per channel.</summary>
    internal const int Taps = 25;

    /// <summary>Runs the convolution on one image with the widest SIMD path this machine accelerates.</summary>
    /// <param name="input">Arena slice holding the input planes of <paramref name="height"/> x <paramref name="width"/> floats.</param>
    /// <param name="inputPlanes">Plane of each input channel; empty for planes <c>0..channels-1</c>.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="stride">1 or 2.</param>
    /// <param name="weights">Weights, <c>channels * 25</c> floats, row-major <c>[C][ky][kx]</c>.</param>
    /// <param name="bias">Bias, <paramref name="channels"/> floats.</param>
    /// <param name="channels">Channels (= groups).</param>
    /// <param name="output">Arena slice receiving the output planes; must not share planes with the input.</param>
    /// <param name="outputPlanes">Plane of each output channel; empty for planes <c>0..channels-1</c>.</param>
    /// <param name="outHeight">Output height, <c>(height - 1) / stride + 1</c> as PyTorch computes it for padding 2.</param>
    /// <param name="outWidth">Output width, <c>(width - 1) / stride + 1</c>.</param>
    /// <param name="activation">Applied to each value as it is stored.</param>
    /// <param name="part">The share of the channels to compute (<see cref="Part.Range"/>); <c>default</c> is the whole call.</param>
    /// <exception cref="ArgumentException">A size is wrong or a span is too short for its shape or plane table.</exception>
    public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int height, int width, int stride,
        ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, int channels,
        Span<float> output, ReadOnlySpan<int> outputPlanes, int outHeight, int outWidth, Activation activation, Part part = default) =>
        Run(input, inputPlanes, height, width, stride, weights, bias, channels, output, outputPlanes, outHeight, outWidth, activation,
            KernelDispatch.Widest, part);

    /// <summary>Runs the convolution with at most <paramref name="vectorWidth"/>-bit vectors (tests pin each path this way).</summary>
    internal static void Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int height, int width, int stride,
        ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, int channels,
        Span<float> output, ReadOnlySpan<int> outputPlanes, int outHeight, int outWidth, Activation activation, VectorWidth vectorWidth,
        Part part = default)
    {
        KernelArguments.Positive(channels, nameof(channels));
        KernelArguments.ExactLength(weights.Length, (long)channels * Taps, nameof(weights));
        KernelArguments.ExactLength(bias.Length, channels, nameof(bias));
        KernelArguments.Defined(activation, nameof(activation));
        var window = Window.Validate(input, inputPlanes, height, width, stride, channels, output, outputPlanes, outHeight, outWidth);
        (int first, int end) = part.Range(channels);
        if (first == end)
        {
            return;
        }

        window = window.Narrow(first, end);
        ActivationDispatch.Run(activation, new Body(window, weights[(first * Taps)..], bias[first..], vectorWidth));
    }

    /// <summary>The convolution of a validated window, generic over the store's activation.</summary>
    private readonly ref struct Body(Window window, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, VectorWidth vectorWidth)
        : IActivationKernel
    {
        private readonly Window _window = window;
        private readonly ReadOnlySpan<float> _weights = weights;
        private readonly ReadOnlySpan<float> _bias = bias;

        public void Run<TActivation>() where TActivation : struct, IActivationOperator
        {
            // A small plane runs flat: its output plane as one run of vectors (one vector of output pixels at least).
            if (FitsFlat(_window.Height, _window.Width, _window.Stride, _window.OutHeight, _window.OutWidth))
            {
                bool one = _window.Stride == 1;
                (VectorWidth rowsWidth, int pairRows) = one ? FlatRowsWidth(vectorWidth, _window.Height, _window.Width) : (VectorWidth.Scalar, 0);
                switch (rowsWidth)
                {
                    case VectorWidth.V512 when pairRows == 1:
                        RunFlatRows<Vector512<float>, Vector512Ops, OneRow, TActivation>(_window, _weights, _bias);
                        return;
                    case VectorWidth.V512:
                        RunFlatRows<Vector512<float>, Vector512Ops, TwoRows, TActivation>(_window, _weights, _bias);
                        return;
                    case VectorWidth.V256 when pairRows == 1:
                        RunFlatRows<Vector256<float>, Vector256Ops, OneRow, TActivation>(_window, _weights, _bias);
                        return;
                    case VectorWidth.V256:
                        RunFlatRows<Vector256<float>, Vector256Ops, TwoRows, TActivation>(_window, _weights, _bias);
                        return;
                    case VectorWidth.V128 when pairRows == 1:
                        RunFlatRows<Vector128<float>, Vector128Ops, OneRow, TActivation>(_window, _weights, _bias);
                        return;
                    case VectorWidth.V128:
                        RunFlatRows<Vector128<float>, Vector128Ops, TwoRows, TActivation>(_window, _weights, _bias);
                        return;
                }

                (VectorWidth pairedWidth, int outputRows) = one ? (VectorWidth.Scalar, 0) : FlatRowsWidth(vectorWidth, _window.OutHeight, _window.OutWidth, maxRows: 1);
                bool paired = outputRows == 1;
                switch (paired ? pairedWidth : KernelDispatch.Fit(vectorWidth, _window.OutputPixels))
                {
                    case VectorWidth.V512 when one:
                        RunFlat<Vector512<float>, Vector512Ops, TActivation>(_window, _weights, _bias);
                        return;
                    case VectorWidth.V512:
                        RunFlatStride2<Vector512<float>, Vector512Ops, TActivation>(_window, _weights, _bias, paired);
                        return;
                    case VectorWidth.V256 when one:
                        RunFlat<Vector256<float>, Vector256Ops, TActivation>(_window, _weights, _bias);
                        return;
                    case VectorWidth.V256:
                        RunFlatStride2<Vector256<float>, Vector256Ops, TActivation>(_window, _weights, _bias, paired);
                        return;
                    case VectorWidth.V128 when one:
                        RunFlat<Vector128<float>, Vector128Ops, TActivation>(_window, _weights, _bias);
                        return;
                    case VectorWidth.V128:
                        RunFlatStride2<Vector128<float>, Vector128Ops, TActivation>(_window, _weights, _bias, paired);
                        return;
                }
            }

            // A plane whose zero-bordered copy fits the stack runs every output column as a vector lane (one vector of
            // output columns at least); a larger one reads in place, its interior vectorised (one vector of it at least).
            if (FitsPadded(_window.Height, _window.Width))
            {
                switch (KernelDispatch.Fit(vectorWidth, _window.OutWidth))
                {
                    case VectorWidth.V512:
                        RunPadded<Vector512<float>, Vector512Ops, TActivation>(_window, _weights, _bias);
                        return;
                    case VectorWidth.V256:
                        RunPadded<Vector256<float>, Vector256Ops, TActivation>(_window, _weights, _bias);
                        return;
                    case VectorWidth.V128:
                        RunPadded<Vector128<float>, Vector128Ops, TActivation>(_window, _weights, _bias);
                        return;
                }
            }

            switch (KernelDispatch.Fit(vectorWidth, InteriorColumns(_window.Width, _window.Stride)))
            {
                case VectorWidth.V512:
                    RunVector<Vector512<float>, Vector512Ops, TActivation>(_window, _weights, _bias);
                    break;
                case VectorWidth.V256:
                    RunVector<Vector256<float>, Vector256Ops, TActivation>(_window, _weights, _bias);
                    break;
                case VectorWidth.V128:
                    RunVector<Vector128<float>, Vector128Ops, TActivation>(_window, _weights, _bias);
                    break;
                default:
                    RunScalar<TActivation>(_window, _weights, _bias);
                    break;
            }
        }
    }

    /// <summary>The first output column whose leftmost tap is inside the row: <c>ox * stride - 2 &gt;= 0</c>.</summary>
    internal static int FirstInterior(int stride) => stride == 1 ? 2 : 1;

    /// <summary>
    /// How many output columns from <see cref="FirstInterior"/> on the vector body computes: those whose five taps lie inside
    /// the row, and at stride 2 one float more, since the deinterleaving load of the last tap reads its odd neighbour too.
    /// </summary>
    internal static int InteriorColumns(int width, int stride) => Math.Max(0, LastInterior(width, stride) - FirstInterior(stride) + 1);

    /// <summary>The last such column: <c>ox + 2 &lt;= width - 1</c> at stride 1, <c>2 * ox + 3 &lt;= width - 1</c> at stride 2.</summary>
    internal static int LastInterior(int width, int stride) => stride == 1 ? width - 3 : width >= 4 ? (width - 4) / 2 : -1;
}
