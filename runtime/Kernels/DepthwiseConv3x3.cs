using System;
using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// Depthwise 3x3 convolution (<c>nn.Conv2d(C, C, 3, stride, padding=1, groups=C)</c>, BatchNorm folded into
/// weights and bias) over planar CHW activations. With AVX-512 and with AVX2 the input planes are read in place, row by row,
/// and masked loads (on AVX2, where the span allows, plain loads with the outside lanes cleared) supply the zero padding
/// (<c>DepthwiseConv3x3.Avx512.cs</c>, <c>DepthwiseConv3x3.Avx2.cs</c>); on AVX2, stride-1 rows narrower than 8 columns take
/// the flat path below (<see cref="Avx2TakesFlat"/>). Otherwise
/// (Vector128: NEON, SSE) the padding comes from copying the input into a zero-bordered scratch, so no output column is a special case: small planes are vectorised as one flat
/// row (<c>DepthwiseConv3x3.Flat.cs</c>, <c>.FlatStride2.cs</c>), the rest row by row over output columns, band by band.
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static partial class DepthwiseConv3x3
{
    /// <summary>Runs the convolution on one image with the widest SIMD path this machine accelerates.</summary>
    /// <param name="input">Arena slice holding the input planes of <paramref name="height"/> x <paramref name="width"/> floats.</param>
    /// <param name="inputPlanes">Plane of each input channel; empty for planes <c>0..channels-1</c>.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="stride">1 or 2.</param>
    /// <param name="weights">Weights, <c>channels * 9</c> floats, row-major <c>[C][ky][kx]</c>.</param>
    /// <param name="bias">Bias, <paramref name="channels"/> floats.</param>
    /// <param name="channels">Channels (= groups).</param>
    /// <param name="output">Arena slice receiving the output planes of <paramref name="outHeight"/> x <paramref name="outWidth"/> floats; must not share planes with the input.</param>
    /// <param name="outputPlanes">Plane of each output channel; empty for planes <c>0..channels-1</c>.</param>
    /// <param name="outHeight">Output height, <c>(height - 1) / stride + 1</c> as PyTorch computes it.</param>
    /// <param name="outWidth">Output width, <c>(width - 1) / stride + 1</c>.</param>
    /// <param name="activation">Applied to each value as it is stored.</param>
    /// <param name="part">
    /// The share of the channels to compute (<see cref="Part.Range"/> over <paramref name="channels"/>); the arguments are
    /// those of the whole call, which every part validates. <c>default</c> is the whole call.
    /// </param>
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
        KernelArguments.ExactLength(weights.Length, (long)channels * 9, nameof(weights));
        KernelArguments.ExactLength(bias.Length, channels, nameof(bias));
        KernelArguments.Defined(activation, nameof(activation));
        var window = Window.Validate(input, inputPlanes, height, width, stride, channels, output, outputPlanes, outHeight, outWidth);
        RunPart(window, weights, weightStride: 9, bias, biasStride: 1, activation, vectorWidth, part);
    }

    /// <summary>
    /// Runs <paramref name="part"/> of a validated window: a run of output pixels (whole output rows on the AVX-512, banded and
    /// plain paths) when the plane is large enough for <see cref="SplitPolicy.OverPixels"/>, the same rule by which a 1x1
    /// conv splits over pixels, so a lane mostly reads what it wrote in the layer before; otherwise a run of channels.
    /// </summary>
    internal static void RunPart(in Window window, ReadOnlySpan<float> weights, int weightStride,
        ReadOnlySpan<float> bias, int biasStride, Activation activation, VectorWidth vectorWidth, Part part)
    {
        if (part.IsWhole || (SplitPolicy.OverPixels(window.OutputPixels, KernelDispatch.Fit(vectorWidth, window.OutputPixels), part.Count)
            && window.OutHeight >= part.Count))
        {
            Run(window, weights, weightStride, bias, biasStride, activation, vectorWidth, part);
            return;
        }

        (int first, int end) = part.Range(window.Channels);
        if (first == end)
        {
            return;
        }

        Run(window.Narrow(first, end), weights[(first * weightStride)..], weightStride, bias[(first * biasStride)..], biasStride, activation,
            vectorWidth, Part.Whole);
    }

    /// <summary>
    /// The shared body of the depthwise conv and <see cref="AvgPool3x3"/>: channel c uses the 9 weights at
    /// <c>c * weightStride</c> and the bias at <c>c * biasStride</c> (stride 0 shares one set across channels).
    /// </summary>
    /// <remarks><paramref name="pixels"/> is the share of every channel's output pixels to compute (see <see cref="RunPart"/>).</remarks>
    internal static void Run(in Window window, ReadOnlySpan<float> weights, int weightStride,
        ReadOnlySpan<float> bias, int biasStride, Activation activation, VectorWidth vectorWidth, Part pixels = default) =>
        ActivationDispatch.Run(activation, new WindowKernel(window, weights, weightStride, bias, biasStride, vectorWidth, pixels));

    /// <summary>The arguments of the shared body, run with its activation's operator.</summary>
    private readonly ref struct WindowKernel(in Window window, ReadOnlySpan<float> weights, int weightStride,
        ReadOnlySpan<float> bias, int biasStride, VectorWidth vectorWidth, Part pixels) : IActivationKernel
    {
        private readonly Window _window = window;
        private readonly ReadOnlySpan<float> _weights = weights, _bias = bias;

        public void Run<TActivation>()
            where TActivation : struct, IActivationOperator =>
            DepthwiseConv3x3.Run<TActivation>(_window, _weights, weightStride, _bias, biasStride, vectorWidth, pixels);
    }

    private static void Run<TActivation>(in Window window, ReadOnlySpan<float> weights, int weightStride,
        ReadOnlySpan<float> bias, int biasStride, VectorWidth vectorWidth, Part pixels)
        where TActivation : struct, IActivationOperator
    {
        if (Avx512RowsApply(vectorWidth))
        {
            if (window.Stride == 1)
            {
                RunStride1Rows<TActivation>(window, weights, weightStride, bias, biasStride, pixels);
            }
            else
            {
                RunStride2Permute<TActivation>(window, weights, weightStride, bias, biasStride, pixels);
            }

            return;
        }

        if (Avx2RowsApply(vectorWidth) && !Avx2TakesFlat(window))
        {
            if (window.Stride == 1)
            {
                RunAvx2Rows<Stride1Chunk, TActivation>(window, weights, weightStride, bias, biasStride, pixels);
            }
            else
            {
                RunAvx2Rows<Stride2Chunk, TActivation>(window, weights, weightStride, bias, biasStride, pixels);
            }

            return;
        }

        if (window.Stride == 1 && FlatScratchFloats(window.Height, window.Width) <= MaxScratchFloats)
        {
            RunFlat<TActivation>(window, weights, weightStride, bias, biasStride, vectorWidth, pixels);
            return;
        }

        if (window.Stride == 2 && FlatStride2ScratchFloats(window.OutHeight, window.OutWidth) <= MaxScratchFloats)
        {
            RunFlatStride2<TActivation>(window, weights, weightStride, bias, biasStride, vectorWidth, pixels);
            return;
        }

        // Whole vectors of output columns; a row narrower than 4 columns, or too wide for three padded rows in the
        // scratch, takes the plain loop nest.
        VectorWidth path = KernelDispatch.Fit(vectorWidth, window.OutWidth);
        int pitch = PaddedPitch(window.Width, window.Stride);
        if (path == VectorWidth.Scalar || BandInputRows(1, window.Stride) * pitch > MaxScratchFloats)
        {
            RunScalar<TActivation>(window, weights, weightStride, bias, biasStride, pixels);
            return;
        }

        int rowsNeeded = BandInputRows(window.OutHeight, window.Stride);
        Span<float> scratch = stackalloc float[Math.Min(MaxScratchFloats, rowsNeeded * pitch)];
        switch (path)
        {
            case VectorWidth.V512:
                RunVector<Vector512<float>, Vector512Ops, TActivation>(window, weights, weightStride, bias, biasStride, scratch, pixels);
                break;
            case VectorWidth.V256:
                RunVector<Vector256<float>, Vector256Ops, TActivation>(window, weights, weightStride, bias, biasStride, scratch, pixels);
                break;
            default:
                RunVector<Vector128<float>, Vector128Ops, TActivation>(window, weights, weightStride, bias, biasStride, scratch, pixels);
                break;
        }
    }

    /// <summary>
    /// Whether an AVX2 machine takes the flat stride-1 path (<see cref="RunFlat{TActivation}"/>) rather than the row kernels:
    /// rows narrower than a chunk of 8 (V2 1.0x's 7x7), which the row kernels compute as one chunk per row with lanes to
    /// spare, on planes small enough for its scratch. On Zen 3 (minimum of 15 interleaved runs, 232@7x7) 7.0-8.2 µs on the
    /// rows, 6.7-7.6 µs flat; at 14x14 and wider the rows win (116@14x14 8.6 against 12.8 µs; 232@14x14 stride 2 11.7
    /// against 20.0 µs on the flat stride-2 path), so every other shape stays on them. The flat path sums each output column by column (centre, then the
    /// masked west and east sums) where the rows sum row by row, so these outputs differ from the rows' in their last bits.
    /// </summary>
    private static bool Avx2TakesFlat(in Window window) =>
        window.Stride == 1 && window.OutWidth < 8 && window.InputPixels >= 8
        && FlatScratchFloats(window.Height, window.Width) <= MaxScratchFloats;

    /// <summary>Stride 2 on a small plane: vectors over the flattened output plane (<see cref="RunFlatStride2{TVec, TOps, TActivation}"/>), the widest that fits in it.</summary>
    private static void RunFlatStride2<TActivation>(in Window window, ReadOnlySpan<float> weights, int weightStride,
        ReadOnlySpan<float> bias, int biasStride, VectorWidth vectorWidth, Part pixels)
        where TActivation : struct, IActivationOperator
    {
        VectorWidth path = KernelDispatch.Fit(vectorWidth, window.OutputPixels);
        if (path == VectorWidth.Scalar)
        {
            RunScalar<TActivation>(window, weights, weightStride, bias, biasStride, pixels);
            return;
        }

        Span<float> scratch = stackalloc float[FlatStride2ScratchFloats(window.OutHeight, window.OutWidth)];
        switch (path)
        {
            case VectorWidth.V512:
                RunFlatStride2<Vector512<float>, Vector512Ops, TActivation>(window, weights, weightStride, bias, biasStride, scratch, pixels);
                break;
            case VectorWidth.V256:
                RunFlatStride2<Vector256<float>, Vector256Ops, TActivation>(window, weights, weightStride, bias, biasStride, scratch, pixels);
                break;
            default:
                RunFlatStride2<Vector128<float>, Vector128Ops, TActivation>(window, weights, weightStride, bias, biasStride, scratch, pixels);
                break;
        }
    }

    /// <summary>Stride 1 on a small plane: vectors over the flattened plane (<see cref="RunFlat{TVec, TOps, TActivation}"/>), the widest that fits in it.</summary>
    private static void RunFlat<TActivation>(in Window window, ReadOnlySpan<float> weights, int weightStride,
        ReadOnlySpan<float> bias, int biasStride, VectorWidth vectorWidth, Part pixels)
        where TActivation : struct, IActivationOperator
    {
        VectorWidth path = KernelDispatch.Fit(vectorWidth, window.InputPixels);
        if (path == VectorWidth.Scalar)
        {
            RunScalar<TActivation>(window, weights, weightStride, bias, biasStride, pixels);
            return;
        }

        Span<float> scratch = stackalloc float[FlatScratchFloats(window.Height, window.Width)];
        switch (path)
        {
            case VectorWidth.V512:
                RunFlat<Vector512<float>, Vector512Ops, TActivation>(window, weights, weightStride, bias, biasStride, scratch, pixels);
                break;
            case VectorWidth.V256:
                RunFlat<Vector256<float>, Vector256Ops, TActivation>(window, weights, weightStride, bias, biasStride, scratch, pixels);
                break;
            default:
                RunFlat<Vector128<float>, Vector128Ops, TActivation>(window, weights, weightStride, bias, biasStride, scratch, pixels);
                break;
        }
    }
}
