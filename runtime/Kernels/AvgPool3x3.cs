using System;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// <c>nn.AvgPool2d(3, stride, padding=1)</c> with PyTorch's default <c>count_include_pad=True</c>: every window
/// is divided by 9, padding included. That is a depthwise 3x3 conv whose 9 weights are all 1/9 for every
/// channel, so it runs on <see cref="DepthwiseConv3x3"/>'s paths with one shared set of taps.
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class AvgPool3x3
{
    private static readonly float[] NinthTaps = [1f / 9, 1f / 9, 1f / 9, 1f / 9, 1f / 9, 1f / 9, 1f / 9, 1f / 9, 1f / 9];
    private static readonly float[] NoBias = [0f];

    /// <summary>Pools one image with the widest SIMD path this machine accelerates.</summary>
    /// <param name="input">Arena slice holding the input planes of <paramref name="height"/> x <paramref name="width"/> floats.</param>
    /// <param name="inputPlanes">Plane of each input channel; empty for planes <c>0..channels-1</c>.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="stride">1 or 2.</param>
    /// <param name="channels">Channels.</param>
    /// <param name="output">Arena slice receiving the output planes; must not share planes with the input.</param>
    /// <param name="outputPlanes">Plane of each output channel; empty for planes <c>0..channels-1</c>.</param>
    /// <param name="outHeight">Output height, <c>(height - 1) / stride + 1</c>.</param>
    /// <param name="outWidth">Output width, <c>(width - 1) / stride + 1</c>.</param>
    /// <param name="part">
    /// The share of the channels to compute (<see cref="Part.Range"/> over <paramref name="channels"/>); the arguments are
    /// those of the whole call, which every part validates. <c>default</c> is the whole call.
    /// </param>
    /// <exception cref="ArgumentException">A size is wrong or a span is too short for its shape or plane table.</exception>
    public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int height, int width, int stride, int channels,
        Span<float> output, ReadOnlySpan<int> outputPlanes, int outHeight, int outWidth, Part part = default) =>
        Run(input, inputPlanes, height, width, stride, channels, output, outputPlanes, outHeight, outWidth, KernelDispatch.Widest, part);

    /// <summary>Pools with at most <paramref name="vectorWidth"/>-bit vectors (tests pin each path this way).</summary>
    internal static void Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int height, int width, int stride, int channels,
        Span<float> output, ReadOnlySpan<int> outputPlanes, int outHeight, int outWidth, VectorWidth vectorWidth, Part part = default)
    {
        var window = Window.Validate(input, inputPlanes, height, width, stride, channels, output, outputPlanes, outHeight, outWidth);
        DepthwiseConv3x3.RunPart(window, NinthTaps, weightStride: 0, NoBias, biasStride: 0, relu: false, vectorWidth, part);
    }
}
