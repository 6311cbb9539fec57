using System;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// A dense <c>nn.Conv2d(inC, outC, 3, stride, padding)</c> with its bias (and any BatchNorm) folded, over planes read and
/// written through plane tables: SqueezeNet's Fire expand3x3 (stride 1, padding 1) and SqueezeNet 1.1's stem (stride 2, padding 0). The body is <see cref="ConvKxK"/>'s.
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class Conv3x3
{
    private const int Kernel = 3;

    /// <summary>Length of the packed weight buffer: <c>RoundUp(outChannels, 4) * inChannels * 3 * 3</c>.</summary>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="inChannels">Input channels.</param>
    public static int PackedWeightsLength(int outChannels, int inChannels) => ConvKxK.PackedWeightsLength(outChannels, inChannels, Kernel);

    /// <summary>Length of the packed bias buffer: <c>RoundUp(outChannels, 4)</c>.</summary>
    /// <param name="outChannels">Output channels.</param>
    public static int PackedBiasLength(int outChannels) => ConvKxK.PackedBiasLength(outChannels);

    /// <summary>Runs the convolution on one image with the widest SIMD path this machine accelerates.</summary>
    /// <param name="input">Arena slice (or the image) holding the input planes.</param>
    /// <param name="inputPlanes">Plane of each input channel; empty for planes <c>0..inChannels-1</c>.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="stride">1 or 2.</param>
    /// <param name="padding">Zero padding on every side, 0..3-1.</param>
    /// <param name="packedWeights">Weights packed by the weight loader (<c>ConvKxK.PackWeights</c>).</param>
    /// <param name="packedBias">Bias packed with them.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="output">Arena slice receiving the output planes; must not share planes with the input.</param>
    /// <param name="outputPlanes">Plane of each output channel; empty for planes <c>0..outChannels-1</c>.</param>
    /// <param name="outHeight">Output height, <c>(height + 2 * padding - 3) / stride + 1</c>.</param>
    /// <param name="outWidth">Output width, <c>(width + 2 * padding - 3) / stride + 1</c>.</param>
    /// <param name="activation">Applied to each value as it is stored.</param>
    /// <param name="part">The share of the call to compute (see <see cref="Part"/>): a run of output rows. Default: all of it.</param>
    /// <exception cref="ArgumentException">A size is wrong or a span is too short for its shape or plane table.</exception>
    public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int inChannels, int height, int width, int stride, int padding,
        ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> packedBias, int outChannels,
        Span<float> output, ReadOnlySpan<int> outputPlanes, int outHeight, int outWidth, Activation activation, Part part = default) =>
        ConvKxK.Run(input, inputPlanes, inChannels, height, width, Kernel, stride, padding, packedWeights, packedBias, outChannels,
            output, outputPlanes, outHeight, outWidth, activation, KernelDispatch.Widest, part);
}
