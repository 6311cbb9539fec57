using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>The dense 7x7 conv: SqueezeNet 1.0's stem (stride 2, padding 0), and the other paddings and stride 1 it takes.</summary>
public sealed class Conv7x7Tests
{
    private static readonly DenseConvCases.PublicRun Public = Conv7x7.Run;

    /// <summary>
    /// A single window (7x7 → 1x1), odd and even sizes at stride 2 (the four phase planes), widths below, at and past one
    /// 3-vector tile of 4, 8 and 16 lanes, every padding at stride 1, and channels that fill no block of 4.
    /// </summary>
    [Theory]
    [InlineData(1, 1, 7, 7, 2, 0)]
    [InlineData(3, 5, 8, 9, 2, 0)]
    [InlineData(3, 7, 17, 31, 2, 0)]
    [InlineData(2, 4, 20, 56, 2, 0)]
    [InlineData(3, 9, 25, 104, 2, 0)]
    [InlineData(2, 3, 9, 9, 1, 0)]
    [InlineData(2, 6, 10, 12, 1, 1)]
    [InlineData(1, 4, 11, 20, 1, 2)]
    [InlineData(3, 5, 12, 27, 1, 3)]
    [InlineData(3, 2, 15, 15, 2, 3)]
    public void EveryPathMatchesNaiveConvolution(int inChannels, int outChannels, int height, int width, int stride, int padding) =>
        DenseConvCases.AssertEveryPathMatchesNaive(Public, 7, inChannels, outChannels, height, width, stride, padding);

    /// <summary>SqueezeNet 1.0's stem, stride 2 on a 224x224 image, at 12 of its 96 channels, with its ReLU (several bands of rows).</summary>
    [Fact]
    public void SqueezeNetStemMatchesNaiveConvolution() =>
        DenseConvCases.AssertEveryPathMatchesNaive(Public, 7, 3, 12, 224, 224, 2, 0, [Activation.Relu]);

    [Theory]
    [InlineData(3, 10, 61, 61, 2, 0, 2)]
    [InlineData(2, 4, 12, 12, 1, 3, 5)]
    public void PartsOverRowsComputeTheWholeCall(int inChannels, int outChannels, int height, int width, int stride, int padding, int parts) =>
        DenseConvCases.AssertPartsEqualWhole(Public, 7, inChannels, outChannels, height, width, stride, padding, parts);
}
