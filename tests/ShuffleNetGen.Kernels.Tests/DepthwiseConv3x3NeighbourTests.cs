using System;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>
/// The AVX2 row kernels read a border chunk's taps with plain loads where the input span has the floats around its plane
/// (the lanes outside the row cleared before any multiply) and masked loads only where it does not; the flat stride-1
/// path copies its planes. Input planes here sit between gap planes of NaN and infinities, in an arena that either has a
/// gap plane after the last input plane or ends with it, so every border chunk reads non-finite neighbours (or must not
/// read past the span): the output must still match the naive convolution, for every row width 1 to 20.
/// </summary>
public sealed class DepthwiseConv3x3NeighbourTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int stride in new[] { 1, 2 })
        {
            for (int width = 1; width <= 20; width++)
            {
                data.Add(width % 2 == 0 ? 5 : 8, width, stride);
                data.Add(width % 3 == 0 ? 1 : 2 + (width % 2), width, stride);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void NonFiniteNeighbourPlanesStayOutOfTheSums(int height, int width, int stride)
    {
        const int channels = 3;
        int pixels = height * width;
        int outHeight = TestData.OutputSize(height, stride);
        int outWidth = TestData.OutputSize(width, stride);
        Random random = TestData.Random(channels, height, width, stride, 31);
        float[] input = TestData.Uniform(random, channels * pixels);
        float[] weights = TestData.Uniform(random, channels * 9);
        float[] bias = TestData.Uniform(random, channels);

        // Input channel c is plane 2c + 1 of the arena; planes 0, 2, ... are gaps of NaN, +inf and -inf.
        int[] planes = new int[channels];
        for (int c = 0; c < channels; c++)
        {
            planes[c] = (2 * c) + 1;
        }

        foreach (bool trailingGap in new[] { true, false })
        {
            var arena = new float[((2 * channels) + (trailingGap ? 1 : 0)) * pixels];
            for (int i = 0; i < arena.Length; i++)
            {
                arena[i] = (i % 3) switch { 0 => float.NaN, 1 => float.PositiveInfinity, _ => float.NegativeInfinity };
            }

            for (int c = 0; c < channels; c++)
            {
                input.AsSpan(c * pixels, pixels).CopyTo(arena.AsSpan(planes[c] * pixels));
            }

            foreach (Activation activation in TestData.Activations)
            {
                double[] expected = NaiveReference.Conv3x3(input, weights, bias, channels, channels, groups: channels, height, width, stride, activation);
                foreach (VectorWidth? path in KernelPaths.All())
                {
                    string context = $"{height}x{width} s{stride}, {(trailingGap ? "gap after" : "span ends at")} the last plane, {activation}, {KernelPaths.Name(path)}";
                    var output = new float[channels * outHeight * outWidth];
                    output.AsSpan().Fill(float.NaN);
                    if (path is { } pinned)
                    {
                        DepthwiseConv3x3.Run(arena, planes, height, width, stride, weights, bias, channels, output, default,
                            outHeight, outWidth, activation, pinned);
                    }
                    else
                    {
                        DepthwiseConv3x3.Run(arena, planes, height, width, stride, weights, bias, channels, output, default,
                            outHeight, outWidth, activation);
                    }

                    Tolerance.AssertClose(expected, output, context);
                }
            }
        }
    }
}
