using System;
using System.Linq;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

public sealed class SqueezeExciteScaleTests
{
    /// <summary>
    /// Each channel's plane times its gate, in place, through an identity or a shuffled plane table over a guarded buffer
    /// with one spare plane (which must stay untouched), at pixel counts below, at and past each vector width.
    /// </summary>
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 2, 3)]
    [InlineData(7, 7, 7)]
    [InlineData(16, 4, 4)]
    [InlineData(17, 5, 9)]
    [InlineData(5, 1, 33)]
    [InlineData(4, 14, 14)]
    public void EveryPathMatchesNaiveChannelScale(int channels, int height, int width)
    {
        int pixels = height * width;
        Random random = TestData.Random(channels, height, width);
        float[] finite = TestData.Uniform(random, channels * pixels);
        float[] gates = TestData.Uniform(random, channels).Select(g => (g + 1) / 2).ToArray();
        foreach ((string inputs, float[] input) in TestData.FiniteAndNonFinite(finite, channels, height, width))
        {
            var expected = new double[input.Length];
            for (int i = 0; i < input.Length; i++)
            {
                expected[i] = (double)gates[i / pixels] * input[i];
            }

            foreach (bool shuffled in new[] { false, true })
            {
                int[] planes = Enumerable.Range(0, channels + 1).ToArray();
                if (shuffled)
                {
                    random.Shuffle(planes);
                }

                int spare = planes[channels];
                int[] table = shuffled ? planes[..channels] : [];
                foreach (VectorWidth? path in KernelPaths.All())
                {
                    string context = $"{inputs}, {channels} ch @ {height}x{width}, table {shuffled}, {KernelPaths.Name(path)}";
                    using var buffer = new GuardedBuffer((channels + 1) * pixels);
                    Span<float> data = buffer.Span;
                    data.Fill(-7f);
                    for (int c = 0; c < channels; c++)
                    {
                        input.AsSpan(c * pixels, pixels).CopyTo(data.Slice(PlaneTable(table, c) * pixels, pixels));
                    }

                    if (path is { } pinned)
                    {
                        SqueezeExciteScale.Run(gates, channels, data, table, height, width, pinned);
                    }
                    else
                    {
                        SqueezeExciteScale.Run(gates, channels, data, table, height, width);
                    }

                    var actual = new float[input.Length];
                    for (int c = 0; c < channels; c++)
                    {
                        data.Slice(PlaneTable(table, c) * pixels, pixels).CopyTo(actual.AsSpan(c * pixels, pixels));
                    }

                    Tolerance.AssertClose(expected, actual, context);
                    int untouchedPlane = shuffled ? spare : channels;
                    Assert.True(data.Slice(untouchedPlane * pixels, pixels).ToArray().All(v => v == -7f), $"{context}: the spare plane was written");
                }
            }
        }
    }

    [Fact]
    public void PartsScaleDisjointChannelsThatTogetherMakeTheWholeCall()
    {
        const int channels = 13, height = 3, width = 5;
        Random random = TestData.Random(channels, height, width);
        float[] input = TestData.Uniform(random, channels * height * width);
        float[] gates = TestData.Uniform(random, channels);
        float[] whole = (float[])input.Clone();
        SqueezeExciteScale.Run(gates, channels, whole, [], height, width);
        float[] split = (float[])input.Clone();
        for (int p = 0; p < 3; p++)
        {
            SqueezeExciteScale.Run(gates, channels, split, [], height, width, new Part(p, 3));
        }

        Assert.Equal(whole, split);
    }

    private static int PlaneTable(int[] table, int channel) => table.Length == 0 ? channel : table[channel];
}
