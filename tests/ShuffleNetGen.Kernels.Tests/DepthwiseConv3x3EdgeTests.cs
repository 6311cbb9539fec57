using System;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>
/// The flat stride-1 path lets a vector run across row ends and masks the taps that wrap into the neighbouring row;
/// an infinite value at the end of one row must not reach (as 0 * inf = NaN) the start of the next.
/// </summary>
public sealed class DepthwiseConv3x3EdgeTests
{
    [Theory]
    [InlineData(7, 7)]
    [InlineData(14, 14)]
    [InlineData(5, 9)]
    public void InfinityAtARowEndStaysOutOfTheNextRowsWindows(int height, int width)
    {
        var input = new float[height * width];
        input[width - 1] = float.PositiveInfinity;
        var weights = new float[9];
        Array.Fill(weights, 1f);
        foreach (VectorWidth? path in KernelPaths.All())
        {
            var output = new float[height * width];
            if (path is { } pinned)
            {
                DepthwiseConv3x3.Run(input, default, height, width, 1, weights, [0f], 1, output, default, height, width, Activation.Identity, pinned);
            }
            else
            {
                DepthwiseConv3x3.Run(input, default, height, width, 1, weights, [0f], 1, output, default, height, width, Activation.Identity);
            }

            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    bool seesInfinity = y <= 1 && x >= width - 2;
                    float expected = seesInfinity ? float.PositiveInfinity : 0f;
                    Assert.True(expected.Equals(output[(y * width) + x]),
                        $"{KernelPaths.Name(path)} {height}x{width}: output ({y}, {x}) is {output[(y * width) + x]}, expected {expected}.");
                }
            }
        }
    }
}
