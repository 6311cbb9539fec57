using System;
using ShuffleNetGen.Runtime.Weights;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests.Weights;

/// <summary>
/// Folded conv == conv followed by eval-mode BatchNorm2d, both computed naively in double. The folded weights are rounded
/// to float once, so the tolerance is 1e-5 · max|reference| (float rounding of each weight is 6e-8 relative).
/// </summary>
public sealed class BatchNormFoldingTests
{
    private const double RelativeTolerance = 1e-5;

    // (outChannels, inChannels, groups, kernel, height, width, convHasBias, eps): plain, depthwise (V2 branch),
    // grouped 1x1 (V1), single channel, and sizes that divide nothing.
    [Theory]
    [InlineData(1, 1, 1, 1, 1, 1, false, 1e-5)]
    [InlineData(3, 5, 1, 3, 5, 7, false, 1e-5)]
    [InlineData(7, 7, 7, 3, 6, 5, false, 1e-5)]
    [InlineData(12, 6, 3, 1, 4, 9, true, 1e-5)]
    [InlineData(13, 4, 1, 3, 9, 2, true, 1e-3)]
    [InlineData(24, 24, 24, 3, 15, 7, false, 0.0)]
    public void Folded_conv_matches_conv_then_batch_norm(int outChannels, int inChannels, int groups, int kernel, int height, int width, bool convHasBias, double eps)
    {
        var random = new Random(((outChannels * 31 + inChannels) * 31 + groups) * 31 + kernel * 7 + height * 3 + width);
        int perOut = inChannels / groups * kernel * kernel;
        float[] input = Uniform(random, inChannels * height * width, -1, 1);
        float[] weights = Uniform(random, outChannels * perOut, -1, 1);
        float[] convBias = convHasBias ? Uniform(random, outChannels, -0.5, 0.5) : new float[outChannels];
        float[] gamma = Uniform(random, outChannels, -2, 2);
        float[] beta = Uniform(random, outChannels, -1, 1);
        float[] mean = Uniform(random, outChannels, -0.5, 0.5);
        float[] variance = Uniform(random, outChannels, 0.05, 2);

        double[] reference = NaiveConv(input, inChannels, height, width, weights, convBias, outChannels, groups, kernel);
        int plane = height * width;
        for (int o = 0; o < outChannels; o++)
        {
            for (int p = 0; p < plane; p++)
            {
                double x = reference[o * plane + p];
                reference[o * plane + p] = (x - mean[o]) / Math.Sqrt((double)variance[o] + eps) * gamma[o] + beta[o];
            }
        }

        float[] foldedWeights = (float[])weights.Clone();
        float[] foldedBias = (float[])convBias.Clone();
        BatchNormFolding.Fold(foldedWeights, outChannels, foldedBias, gamma, beta, mean, variance, eps);
        double[] folded = NaiveConv(input, inChannels, height, width, foldedWeights, foldedBias, outChannels, groups, kernel);

        double scale = 0;
        foreach (double r in reference)
        {
            scale = Math.Max(scale, Math.Abs(r));
        }

        for (int i = 0; i < reference.Length; i++)
        {
            Assert.True(Math.Abs(folded[i] - reference[i]) <= RelativeTolerance * scale,
                $"output {i}: folded {folded[i]:R}, reference {reference[i]:R}, tolerance {RelativeTolerance * scale:R}");
        }
    }

    [Fact]
    public void Default_epsilon_is_pytorchs()
    {
        float[] weights = [1f], bias = [0f];

        BatchNormFolding.Fold(weights, 1, bias, [1f], [0f], [0f], [0f]);

        Assert.Equal(1e-5, BatchNormFolding.DefaultEpsilon);
        Assert.Equal((float)(1 / Math.Sqrt(1e-5)), weights[0]);
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        float[] five = new float[5], two = new float[2];

        Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(five, 2, two, two, two, two, two, 1e-5));
        Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(new float[4], 2, two, five, two, two, two, 1e-5));
        Assert.Throws<ArgumentException>(() => BatchNormFolding.Fold(new float[4], 2, five, two, two, two, two, 1e-5));
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchNormFolding.Fold(new float[4], 0, two, two, two, two, two, 1e-5));
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchNormFolding.Fold(new float[4], 2, two, two, two, two, two, -1));
    }

    /// <summary>torch.nn.functional.conv2d, stride 1, padding kernel/2, in double: the textbook six loops.</summary>
    private static double[] NaiveConv(float[] input, int inChannels, int height, int width, float[] weights, float[] bias,
        int outChannels, int groups, int kernel)
    {
        int inPerGroup = inChannels / groups, outPerGroup = outChannels / groups, pad = kernel / 2;
        var output = new double[outChannels * height * width];
        for (int o = 0; o < outChannels; o++)
        {
            int group = o / outPerGroup;
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    double sum = bias[o];
                    for (int c = 0; c < inPerGroup; c++)
                    {
                        for (int ky = 0; ky < kernel; ky++)
                        {
                            for (int kx = 0; kx < kernel; kx++)
                            {
                                int iy = y + ky - pad, ix = x + kx - pad;
                                if (iy >= 0 && iy < height && ix >= 0 && ix < width)
                                {
                                    sum += (double)weights[((o * inPerGroup + c) * kernel + ky) * kernel + kx]
                                        * input[((group * inPerGroup + c) * height + iy) * width + ix];
                                }
                            }
                        }
                    }

                    output[(o * height + y) * width + x] = sum;
                }
            }
        }

        return output;
    }

    private static float[] Uniform(Random random, int count, double low, double high)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(low + (high - low) * random.NextDouble());
        }

        return values;
    }
}
