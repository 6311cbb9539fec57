using System.Collections.Generic;
using ShuffleNetGen.Generator.Graph;
using Xunit;

namespace ShuffleNetGen.Reference.Tests;

public class ConvolutionTests
{
    [Fact]
    public void Conv3x3Stride2Padding1_OneChannel4x4_MatchesHandSums()
    {
        // Input 1..16 row-major; kernel [[1,2,3],[4,5,6],[7,8,9]]; output 2x2 centred on input (0,0), (0,2), (2,0), (2,2).
        var op = new Conv2dOp("conv", "input", "conv:out", new TensorShape(1, 4, 4), new TensorShape(1, 2, 2),
            Kernel: 3, Stride: 2, Padding: 1, Groups: 1, WeightKey: "conv.weight", BiasKey: "conv.bias");
        var weights = new Dictionary<string, float[]> { ["conv.weight"] = TinyGraph.Ramp(9), ["conv.bias"] = new[] { 0.5f } };

        float[] output = TinyGraph.Run(TinyGraph.Of(op.InputShape, op.Out, op), TinyGraph.Ramp(16), weights: weights);

        // (0,0): taps w11..w22 on x(0..1, 0..1) = 5·1 + 6·2 + 8·5 + 9·6 = 111.
        // (0,1): rows 0..1 × cols 1..3 with kernel rows 1..2 = (4·2 + 5·3 + 6·4) + (7·6 + 8·7 + 9·8) = 217.
        // (1,0): rows 1..3 × cols 0..1 with kernel cols 1..2 = (2·5 + 3·6) + (5·9 + 6·10) + (8·13 + 9·14) = 363.
        // (1,1): the full window on rows 1..3 × cols 1..3 = 44 + 167 + 362 = 573.
        TinyGraph.AssertClose(new[] { 111.5, 217.5, 363.5, 573.5 }, output);
    }

    [Fact]
    public void GroupedPointwiseConv_TwoGroups_EachOutputSeesOnlyItsGroup()
    {
        // 4 input channels of a 1x2 image, 2 output channels, groups=2: weight [2, 2, 1, 1] = [[1, 10], [100, 1000]].
        var op = new Conv2dOp("conv", "input", "conv:out", new TensorShape(4, 1, 2), new TensorShape(2, 1, 2),
            Kernel: 1, Stride: 1, Padding: 0, Groups: 2, WeightKey: "conv.weight", BiasKey: null);
        var weights = new Dictionary<string, float[]> { ["conv.weight"] = new[] { 1f, 10f, 100f, 1000f } };

        float[] output = TinyGraph.Run(TinyGraph.Of(op.InputShape, op.Out, op), TinyGraph.Ramp(8), weights: weights);

        // out0 = 1·ch0 + 10·ch1 = [1 + 30, 2 + 40]; out1 = 100·ch2 + 1000·ch3 = [500 + 7000, 600 + 8000].
        TinyGraph.AssertClose(new[] { 31.0, 42.0, 7500.0, 8600.0 }, output);
    }

    [Fact]
    public void Depthwise3x3_On2x2_EveryWindowCoversTheWholeImage()
    {
        // groups = channels = 2, all-ones kernel for channel 0 and all-twos for channel 1, padding 1 on a 2x2 image.
        var op = new Conv2dOp("dw", "input", "dw:out", new TensorShape(2, 2, 2), new TensorShape(2, 2, 2),
            Kernel: 3, Stride: 1, Padding: 1, Groups: 2, WeightKey: "dw.weight", BiasKey: null);
        var kernel = new float[18];
        for (int i = 0; i < 18; i++) kernel[i] = i < 9 ? 1f : 2f;
        var weights = new Dictionary<string, float[]> { ["dw.weight"] = kernel };

        float[] output = TinyGraph.Run(TinyGraph.Of(op.InputShape, op.Out, op), TinyGraph.Ramp(8), weights: weights);

        // Channel 0 holds 1..4 (sum 10), channel 1 holds 5..8 (sum 26, times 2).
        TinyGraph.AssertClose(new[] { 10.0, 10, 10, 10, 52, 52, 52, 52 }, output);
    }

    // Awkward shapes: odd and even sizes, windows hanging over both edges, strides that skip the last row or column.
    [Theory]
    [InlineData(1, 1, 1, 0, 5, 7, 1)]
    [InlineData(3, 2, 1, 2, 5, 7, 1)]
    [InlineData(3, 2, 1, 3, 6, 3, 3)]
    [InlineData(3, 1, 1, 4, 4, 9, 4)]
    [InlineData(5, 2, 2, 2, 7, 6, 2)]
    [InlineData(3, 3, 0, 2, 10, 8, 1)]
    [InlineData(5, 1, 2, 1, 2, 3, 1)]
    public void Conv_AwkwardShapes_MatchesTapByTapDefinition(int kernel, int stride, int padding, int channels, int height, int width, int groups)
    {
        var inShape = new TensorShape(channels, height, width);
        int outChannels = 2 * groups;
        var outShape = new TensorShape(outChannels, (height + 2 * padding - kernel) / stride + 1, (width + 2 * padding - kernel) / stride + 1);
        var op = new Conv2dOp("conv", "input", "conv:out", inShape, outShape, kernel, stride, padding, groups, "conv.weight", "conv.bias");
        int inPerGroup = channels / groups;
        float[] weight = RandomInput.Create(outChannels * inPerGroup * kernel * kernel, seed: 41);
        float[] bias = RandomInput.Create(outChannels, seed: 42);
        float[] input = RandomInput.Create(2 * (int)inShape.Elements, seed: 43);
        var weights = new Dictionary<string, float[]> { ["conv.weight"] = weight, ["conv.bias"] = bias };

        float[] output = TinyGraph.Run(TinyGraph.Of(inShape, op.Out, op), input, batch: 2, weights: weights);

        // The definition, every tap tested against the image bounds.
        var expected = new List<double>();
        for (int n = 0; n < 2; n++)
        for (int o = 0; o < outChannels; o++)
        for (int y = 0; y < outShape.Height; y++)
        for (int x = 0; x < outShape.Width; x++)
        {
            double sum = bias[o];
            for (int i = 0; i < inPerGroup; i++)
            for (int ky = 0; ky < kernel; ky++)
            for (int kx = 0; kx < kernel; kx++)
            {
                int iy = y * stride - padding + ky, ix = x * stride - padding + kx;
                if (iy < 0 || iy >= height || ix < 0 || ix >= width) continue;
                int c = o / (outChannels / groups) * inPerGroup + i;
                sum += (double)weight[((o * inPerGroup + i) * kernel + ky) * kernel + kx] * input[((n * channels + c) * height + iy) * width + ix];
            }
            expected.Add(sum);
        }
        TinyGraph.AssertClose(expected, output);
    }
}
