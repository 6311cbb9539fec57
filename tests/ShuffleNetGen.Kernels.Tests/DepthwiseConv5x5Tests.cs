using System;
using System.Linq;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

public sealed class DepthwiseConv5x5Tests
{
    /// <summary>
    /// (channels, height, width, stride). Planes whose zero-bordered copy fits the stack scratch take the padded path (every
    /// output column a lane, one vector of output columns at least); larger ones read in place, where interior columns (all
    /// five taps inside the row) are 2..width-3 at stride 1 and 1..(width-4)/2 at stride 2 and the vector body needs one
    /// whole vector of them. Either way the last vector of a row overlaps the one before.
    /// </summary>
    public static TheoryData<int, int, int, int> Shapes() => new()
    {
        { 1, 1, 1, 1 }, // no interior: every tap but the centre is padding
        { 2, 2, 3, 2 },
        { 3, 5, 5, 1 }, // one interior column: scalar at every width
        { 4, 7, 7, 1 }, // 3 interior columns: below one Vector128
        { 7, 7, 7, 2 },
        { 3, 4, 12, 1 }, // 8 interior columns: one Vector256 or two Vector128, no overlap
        { 2, 3, 13, 1 }, // 9: a last vector overlapping the first
        { 3, 6, 21, 2 }, // stride 2, 8 interior columns
        { 2, 5, 40, 2 }, // stride 2, 18 interior: Vector512 plus an overlapping second
        { 5, 14, 14, 2 }, // MobileNet V3's 28x28 -> 14x14 and 14x14 -> 7x7 at small sizes
        { 9, 15, 7, 1 },
        { 17, 18, 17, 2 },
        { 16, 28, 28, 1 },
        { 8, 3, 37, 1 }, // 33 interior: two Vector512 and an overlapping third
        { 6, 7, 7, 2 }, // the 7x7 planes of V3's last blocks (stride 1 above)
        { 3, 5, 3, 1 }, // an output row narrower than a Vector128: the in-place path, all border
        // Planes whose bordered copy passes MaxPaddedFloats (16384) read in place: interior vectors between scalar borders.
        { 2, 3, 4100, 1 },
        { 2, 130, 130, 2 },
        { 1, 120, 120, 1 }, // a large plane that still takes the padded path (124 x 125 = 15500 floats)
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryPathMatchesNaiveDepthwiseConvolution(int channels, int height, int width, int stride)
    {
        int outHeight = TestData.OutputSize(height, stride);
        int outWidth = TestData.OutputSize(width, stride);
        Random random = TestData.Random(channels, height, width, stride, 5);
        float[] finite = TestData.Uniform(random, channels * height * width);
        float[] weights = TestData.Uniform(random, channels * 25);
        float[] bias = TestData.Uniform(random, channels);
        foreach ((string inputs, float[] input) in TestData.FiniteAndNonFinite(finite, channels, height, width))
        {
            foreach (Activation activation in TestData.Activations)
            {
                double[] expected = NaiveReference.Conv(input, weights, bias, channels, channels, groups: channels, height, width, kernel: 5, stride, activation);
                foreach (Layout layout in new[] { Layout.Identity, Layout.Interleaved })
                {
                    foreach (VectorWidth? path in KernelPaths.All())
                    {
                        string context = $"{inputs}, {channels} ch @ {height}x{width} s{stride}, {activation}, {layout}, {KernelPaths.Name(path)}";
                        using var workspace = new PlanarWorkspace(layout, input, channels, height * width, channels, outHeight * outWidth, random);
                        if (path is { } pinned)
                        {
                            DepthwiseConv5x5.Run(workspace.Input, workspace.InputPlanes, height, width, stride, weights, bias, channels,
                                workspace.Output, workspace.OutputPlanes, outHeight, outWidth, activation, pinned);
                        }
                        else
                        {
                            DepthwiseConv5x5.Run(workspace.Input, workspace.InputPlanes, height, width, stride, weights, bias, channels,
                                workspace.Output, workspace.OutputPlanes, outHeight, outWidth, activation);
                        }

                        Tolerance.AssertClose(expected, workspace.GatherOutput(), context);
                        workspace.AssertInputUntouched(context);
                    }
                }
            }
        }
    }

    /// <summary>The parts of a split call write disjoint channels and together compute the whole call, value for value.</summary>
    [Theory]
    [InlineData(7, 9, 11, 1, 2)]
    [InlineData(17, 14, 14, 2, 3)]
    public void PartsTogetherComputeTheWholeCall(int channels, int height, int width, int stride, int parts)
    {
        int outHeight = TestData.OutputSize(height, stride), outWidth = TestData.OutputSize(width, stride);
        Random random = TestData.Random(channels, height, width, stride, parts);
        float[] input = TestData.Uniform(random, channels * height * width);
        float[] weights = TestData.Uniform(random, channels * 25);
        float[] bias = TestData.Uniform(random, channels);
        var whole = new float[channels * outHeight * outWidth];
        DepthwiseConv5x5.Run(input, [], height, width, stride, weights, bias, channels, whole, [], outHeight, outWidth, Activation.HardSwish);
        var split = new float[whole.Length];
        split.AsSpan().Fill(float.NaN);
        for (int p = 0; p < parts; p++)
        {
            DepthwiseConv5x5.Run(input, [], height, width, stride, weights, bias, channels, split, [], outHeight, outWidth, Activation.HardSwish,
                new Part(p, parts));
        }

        Assert.Equal(whole, split);
    }

    /// <summary>(height, width, stride) for every width 1..20: one row, an odd height, and a square-ish plane, at both strides.</summary>
    public static TheoryData<int, int, int> AwkwardShapes()
    {
        var shapes = new TheoryData<int, int, int>();
        for (int width = 1; width <= 20; width++)
        {
            foreach (int height in new[] { 1, (2 * (width % 4)) + 3, width }.Distinct())
            {
                shapes.Add(height, width, 1);
                shapes.Add(height, width, 2);
            }
        }

        return shapes;
    }

    /// <summary>
    /// Every width 1..20 (the flat paths pack rows of any width into vectors, masking the taps that wrap round a row end)
    /// through plane tables with gaps: input channel c on plane <c>2c + 1</c> of a buffer whose other planes are NaN (a read
    /// of a neighbouring plane would leak it), output channel c on plane <c>2 * (channels - 1 - c)</c>, the planes between
    /// left as they were. Three channels, so both halves of the double-buffered scratch are used.
    /// </summary>
    [Theory]
    [MemberData(nameof(AwkwardShapes))]
    public void AwkwardSizesThroughGappedPlaneTablesMatchNaive(int height, int width, int stride)
    {
        const int channels = 3;
        int outHeight = TestData.OutputSize(height, stride), outWidth = TestData.OutputSize(width, stride);
        int inPixels = height * width, outPixels = outHeight * outWidth;
        Random random = TestData.Random(channels, height, width, stride, 55);
        float[] finite = TestData.Uniform(random, channels * inPixels);
        float[] weights = TestData.Uniform(random, channels * 25);
        float[] bias = TestData.Uniform(random, channels);
        int[] inputPlanes = [1, 3, 5];
        int[] outputPlanes = [4, 2, 0];
        foreach ((string inputs, float[] dense) in TestData.FiniteAndNonFinite(finite, channels, height, width))
        {
            var input = new float[((2 * channels) + 1) * inPixels];
            input.AsSpan().Fill(float.NaN);
            for (int c = 0; c < channels; c++)
            {
                dense.AsSpan(c * inPixels, inPixels).CopyTo(input.AsSpan(inputPlanes[c] * inPixels));
            }

            foreach (Activation activation in TestData.Activations)
            {
                double[] expected = NaiveReference.Conv(dense, weights, bias, channels, channels, groups: channels, height, width, kernel: 5, stride, activation);
                foreach (VectorWidth? path in KernelPaths.All())
                {
                    string context = $"{inputs}, {height}x{width} s{stride}, {activation}, {KernelPaths.Name(path)}";
                    var output = new float[((2 * channels) - 1) * outPixels];
                    output.AsSpan().Fill(-7f);
                    if (path is { } pinned)
                    {
                        DepthwiseConv5x5.Run(input, inputPlanes, height, width, stride, weights, bias, channels,
                            output, outputPlanes, outHeight, outWidth, activation, pinned);
                    }
                    else
                    {
                        DepthwiseConv5x5.Run(input, inputPlanes, height, width, stride, weights, bias, channels,
                            output, outputPlanes, outHeight, outWidth, activation);
                    }

                    var gathered = new float[channels * outPixels];
                    for (int c = 0; c < channels; c++)
                    {
                        output.AsSpan(outputPlanes[c] * outPixels, outPixels).CopyTo(gathered.AsSpan(c * outPixels));
                    }

                    Tolerance.AssertClose(expected, gathered, context);
                    for (int gap = 1; gap < (2 * channels) - 1; gap += 2)
                    {
                        Assert.True(output.AsSpan(gap * outPixels, outPixels).IndexOfAnyExcept(-7f) < 0, $"{context}: gap plane {gap} was written");
                    }
                }
            }
        }
    }

    public static TheoryData<int, int, int, int> SplitShapes() => new()
    {
        { 5, 7, 7, 1 },
        { 9, 14, 14, 1 },
        { 6, 14, 14, 2 },
        { 4, 28, 28, 2 },
        { 7, 9, 11, 2 },
        { 3, 5, 3, 1 },
        { 2, 3, 4100, 1 }, // the in-place row path
    };

    /// <summary>Split into 2, 3 and 4 parts, alone, in sequence and on concurrent threads, a call writes bitwise what the whole call does.</summary>
    [Theory]
    [MemberData(nameof(SplitShapes))]
    public void PartsTileTheWholeCallOnEveryPath(int channels, int height, int width, int stride)
    {
        int outHeight = TestData.OutputSize(height, stride), outWidth = TestData.OutputSize(width, stride);
        int outPixels = outHeight * outWidth;
        Random random = TestData.Random(channels, height, width, stride, 555);
        float[] input = TestData.Uniform(random, channels * height * width);
        float[] weights = TestData.Uniform(random, channels * 25);
        float[] bias = TestData.Uniform(random, channels);
        int[] odd = new int[channels];
        for (int c = 0; c < channels; c++)
        {
            odd[c] = (2 * c) + 1;
        }

        foreach (VectorWidth? path in KernelPaths.All())
        {
            PartSplitAssert.TilesTheWholeCall($"5x5 {channels} ch @ {height}x{width} s{stride}, {KernelPaths.Name(path)}",
                () => new PartSplitAssert.BufferCase(2 * channels * outPixels, null, odd, outPixels, (output, part) =>
                {
                    if (path is { } pinned)
                    {
                        DepthwiseConv5x5.Run(input, [], height, width, stride, weights, bias, channels, output, odd, outHeight, outWidth,
                            Activation.HardSwish, pinned, part);
                    }
                    else
                    {
                        DepthwiseConv5x5.Run(input, [], height, width, stride, weights, bias, channels, output, odd, outHeight, outWidth,
                            Activation.HardSwish, part);
                    }
                }));
        }
    }
}
