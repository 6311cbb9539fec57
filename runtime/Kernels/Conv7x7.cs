using System;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// A dense <c>nn.Conv2d(inC, outC, 7, stride, padding)</c> with its bias (and any BatchNorm) folded, over planes read and
/// written through plane tables: SqueezeNet 1.0's stem (stride 2, padding 0). The body is <see cref="ConvKxK"/>'s.
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class Conv7x7
{
    private const int Kernel = 7;

    /// <inheritdoc cref="Conv3x3.PackedWeightsLength"/>
    public static int PackedWeightsLength(int outChannels, int inChannels) => ConvKxK.PackedWeightsLength(outChannels, inChannels, Kernel);

    /// <inheritdoc cref="Conv3x3.PackedBiasLength"/>
    public static int PackedBiasLength(int outChannels) => ConvKxK.PackedBiasLength(outChannels);

    /// <inheritdoc cref="Conv3x3.Run"/>
    public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int inChannels, int height, int width, int stride, int padding,
        ReadOnlySpan<float> packedWeights, ReadOnlySpan<float> packedBias, int outChannels,
        Span<float> output, ReadOnlySpan<int> outputPlanes, int outHeight, int outWidth, Activation activation, Part part = default) =>
        ConvKxK.Run(input, inputPlanes, inChannels, height, width, Kernel, stride, padding, packedWeights, packedBias, outChannels,
            output, outputPlanes, outHeight, outWidth, activation, KernelDispatch.Widest, part);
}
