using System;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>The dense 3x3 conv: SqueezeNet's Fire expand3x3 (stride 1, padding 1) and 1.1's stem (stride 2, padding 0).</summary>
public sealed class Conv3x3Tests
{
    private static readonly DenseConvCases.PublicRun Public = Conv3x3.Run;

    /// <summary>
    /// Channels that fill no block of 4 (1, 3, 5, 7, 17) and whole ones; widths below one vector of each path (3, 5, 7: the
    /// scalar loop nest or a narrower vector), around one 3-vector tile of 8 and 16 lanes (13, 23, 25, 49), and a band's run
    /// shorter than one tile; heights of 1 and 2 rows; 16→12 @ 55x55 (Fire 2 of 1.1 at fewer channels: several bands) and 64→40 @ 13x13;
    /// inputs too deep for the phase scratch (700 channels @ 5x5, 1 band row: the plain loop nest).
    /// </summary>
    [Theory]
    [InlineData(1, 1, 1, 1, 1, 1)]
    [InlineData(3, 5, 2, 3, 1, 1)]
    [InlineData(2, 7, 7, 7, 1, 1)]
    [InlineData(5, 4, 13, 13, 1, 1)]
    [InlineData(4, 17, 6, 23, 1, 1)]
    [InlineData(7, 3, 9, 25, 1, 1)]
    [InlineData(3, 8, 4, 49, 1, 1)]
    [InlineData(16, 12, 55, 55, 1, 1)]
    [InlineData(64, 40, 13, 13, 1, 1)]
    [InlineData(700, 5, 5, 5, 1, 1)]
    [InlineData(3, 8, 3, 3, 1, 0)]
    [InlineData(2, 5, 19, 30, 1, 0)]
    [InlineData(3, 9, 3, 3, 2, 0)]
    [InlineData(3, 16, 47, 47, 2, 0)]
    [InlineData(3, 6, 20, 64, 2, 0)]
    [InlineData(5, 7, 18, 17, 2, 1)]
    public void EveryPathMatchesNaiveConvolution(int inChannels, int outChannels, int height, int width, int stride, int padding) =>
        DenseConvCases.AssertEveryPathMatchesNaive(Public, 3, inChannels, outChannels, height, width, stride, padding);

    /// <summary>SqueezeNet 1.1's stem, stride 2 on a 227x227 image (Caffe's size), at 16 of its 64 channels, with its ReLU.</summary>
    [Fact]
    public void SqueezeNetStemMatchesNaiveConvolution() =>
        DenseConvCases.AssertEveryPathMatchesNaive(Public, 3, 3, 16, 227, 227, 2, 0, [Activation.Relu]);

    [Theory]
    [InlineData(16, 12, 55, 55, 1, 1, 2)]
    [InlineData(3, 8, 47, 47, 2, 0, 3)]
    [InlineData(4, 4, 5, 9, 1, 1, 7)]
    public void PartsOverRowsComputeTheWholeCall(int inChannels, int outChannels, int height, int width, int stride, int padding, int parts) =>
        DenseConvCases.AssertPartsEqualWhole(Public, 3, inChannels, outChannels, height, width, stride, padding, parts);

    [Fact]
    public void WrongSizesAreRejectedWithExpectedAndActual()
    {
        var weights = new float[Conv3x3.PackedWeightsLength(4, 2)];
        var bias = new float[Conv3x3.PackedBiasLength(4)];
        var ex = Assert.Throws<ArgumentException>(() => Conv3x3.Run(new float[2 * 25], [], 2, 5, 5, 1, 1, weights, bias, 4, new float[4 * 25], [], 4, 5, Activation.Relu));
        Assert.Contains("expected 5, got 4", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Conv3x3.Run(new float[2 * 25 - 1], [], 2, 5, 5, 1, 1, weights, bias, 4, new float[4 * 25], [], 5, 5, Activation.Relu));
        Assert.Contains("expected at least 50 floats, got 49", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Conv3x3.Run(new float[2 * 25], [], 2, 5, 5, 1, 1, weights, bias[..^1], 4, new float[4 * 25], [], 5, 5, Activation.Relu));
        Assert.Contains("expected 4 floats, got 3", ex.Message);
        Assert.Equal(8 * 3 * 9, Conv3x3.PackedWeightsLength(5, 3));
    }
}
