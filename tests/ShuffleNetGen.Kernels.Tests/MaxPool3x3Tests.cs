using System;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

public sealed class MaxPool3x3Tests
{
    public static TheoryData<int, int, int, int> Shapes() => WindowShapes.Create();

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryPathMatchesNaiveMaxPoolIgnoringPadding(int channels, int height, int width, int stride)
    {
        int outHeight = TestData.OutputSize(height, stride);
        int outWidth = TestData.OutputSize(width, stride);
        Random random = TestData.Random(channels, height, width, stride, 3);
        float[] finite = TestData.Uniform(random, channels * height * width);
        for (int i = 0; i < finite.Length; i++)
        {
            // All-negative data: a kernel that let zero padding win would be caught.
            finite[i] = -1.5f - finite[i];
        }

        foreach ((string inputs, float[] input) in TestData.FiniteAndNonFinite(finite, channels, height, width))
        {
            double[] expected = NaiveReference.Pool3x3(input, channels, height, width, stride, max: true);
            foreach (VectorWidth? path in KernelPaths.All())
            {
                string context = $"{inputs}, {channels} ch @ {height}x{width} s{stride}, {KernelPaths.Name(path)}";
                using var workspace = new PlanarWorkspace(Layout.Identity, input, channels, height * width, channels, outHeight * outWidth, random);
                if (path is { } pinned)
                {
                    MaxPool3x3.Run(workspace.Input, channels, height, width, stride, 1, workspace.Output, outHeight, outWidth, pinned);
                }
                else
                {
                    MaxPool3x3.Run(workspace.Input, channels, height, width, stride, 1, workspace.Output, outHeight, outWidth);
                }

                Tolerance.AssertClose(expected, workspace.GatherOutput(), context);
                workspace.AssertInputUntouched(context);
            }
        }
    }

    /// <summary>
    /// Sizes around the vector path's edges: planes narrower than a vector, odd and even widths either side of 16 and
    /// 32 columns (the last output vector overlaps its predecessor; stride 2 reads the -infinity right of an odd row),
    /// one-row and one-column planes, and the stem's 112x112 plane several times over (bands of scratch rows).
    /// </summary>
    [Theory]
    [InlineData(1, 1, 1, 2)]
    [InlineData(3, 2, 2, 2)]
    [InlineData(2, 2, 2, 1)]
    [InlineData(2, 1, 40, 2)]
    [InlineData(2, 40, 1, 2)]
    [InlineData(2, 5, 15, 2)]
    [InlineData(2, 5, 31, 2)]
    [InlineData(2, 6, 32, 2)]
    [InlineData(2, 6, 33, 2)]
    [InlineData(2, 9, 34, 2)]
    [InlineData(3, 4, 16, 1)]
    [InlineData(3, 4, 17, 1)]
    [InlineData(3, 111, 111, 2)]
    [InlineData(24, 112, 112, 2)]
    public void EdgeSizesMatchNaiveMaxPool(int channels, int height, int width, int stride) =>
        EveryPathMatchesNaiveMaxPoolIgnoringPadding(channels, height, width, stride);

    /// <summary>
    /// NaN propagates as in <c>torch.max_pool2d</c>: an output is NaN exactly when its window holds a NaN, on every
    /// path, wherever the NaN sits (corners, edges, either parity of row and column).
    /// </summary>
    [Theory]
    [InlineData(9, 9, 2)]
    [InlineData(18, 35, 2)]
    [InlineData(112, 112, 2)]
    [InlineData(6, 33, 1)]
    public void NaNInAWindowMakesItsOutputNaN(int height, int width, int stride)
    {
        const int channels = 3;
        int outHeight = TestData.OutputSize(height, stride);
        int outWidth = TestData.OutputSize(width, stride);
        Random random = TestData.Random(channels, height, width, stride, 5);
        float[] input = TestData.Uniform(random, channels * height * width);
        int[] nans = [0, width - 1, (height - 1) * width, (height * width) - 1, ((height / 2) * width) + (width / 2), ((height / 2) * width) + (width / 2) + 1];
        for (int c = 0; c < channels; c++)
        {
            for (int i = c; i < nans.Length; i += channels)
            {
                input[(c * height * width) + nans[i]] = float.NaN;
            }
        }

        double[] expected = NaiveReference.Pool3x3(input, channels, height, width, stride, max: true);
        foreach (VectorWidth? path in KernelPaths.All())
        {
            var output = new float[channels * outHeight * outWidth];
            if (path is { } pinned)
            {
                MaxPool3x3.Run(input, channels, height, width, stride, 1, output, outHeight, outWidth, pinned);
            }
            else
            {
                MaxPool3x3.Run(input, channels, height, width, stride, 1, output, outHeight, outWidth);
            }

            for (int i = 0; i < output.Length; i++)
            {
                Assert.True(double.IsNaN(expected[i]) == float.IsNaN(output[i]),
                    $"{height}x{width} s{stride}, {KernelPaths.Name(path)}: output {i} is {output[i]}, expected {expected[i]}.");
                if (!double.IsNaN(expected[i]))
                {
                    Assert.Equal((float)expected[i], output[i]);
                }
            }
        }
    }

    /// <summary>
    /// SqueezeNet's <c>MaxPool2d(3, 2, ceil_mode=True)</c> (padding 0) and the floor-mode size: even and odd sizes (an odd
    /// size's last ceil window hangs one column and row over the edge), sizes around one and two vectors, one- and two-row
    /// planes, and SqueezeNet's 109, 111, 55 and 27 (1.0 at 224, 1.1 at 224, both at 227).
    /// </summary>
    [Theory]
    [InlineData(2, 2, 2, 2)]
    [InlineData(3, 3, 3, 2)]
    [InlineData(2, 4, 9, 2)]
    [InlineData(3, 8, 16, 2)]
    [InlineData(2, 7, 17, 2)]
    [InlineData(2, 10, 33, 2)]
    [InlineData(3, 5, 34, 2)]
    [InlineData(2, 9, 40, 1)]
    [InlineData(3, 109, 109, 2)]
    [InlineData(2, 111, 111, 2)]
    [InlineData(5, 55, 55, 2)]
    [InlineData(7, 27, 27, 2)]
    public void UnpaddedPoolMatchesNaiveInBothModes(int channels, int height, int width, int stride)
    {
        (int floorHeight, int ceilHeight) = MaxPool3x3.OutputSizes(height, stride, 0);
        (int floorWidth, int ceilWidth) = MaxPool3x3.OutputSizes(width, stride, 0);
        Random random = TestData.Random(channels, height, width, stride, 0);
        float[] finite = TestData.Uniform(random, channels * height * width);
        foreach ((int outHeight, int outWidth) in new[] { (ceilHeight, ceilWidth), (floorHeight, floorWidth) })
        {
            if (outHeight < 1 || outWidth < 1)
            {
                continue;
            }

            foreach ((string inputs, float[] input) in TestData.FiniteAndNonFinite(finite, channels, height, width))
            {
                double[] expected = NaiveReference.MaxPool3x3Unpadded(input, channels, height, width, stride, outHeight, outWidth);
                foreach (VectorWidth? path in KernelPaths.All())
                {
                    string context = $"{inputs}, {channels} ch @ {height}x{width} s{stride} p0 -> {outHeight}x{outWidth}, {KernelPaths.Name(path)}";
                    using var workspace = new PlanarWorkspace(Layout.Identity, input, channels, height * width, channels, outHeight * outWidth, random);
                    if (path is { } pinned)
                    {
                        MaxPool3x3.Run(workspace.Input, channels, height, width, stride, 0, workspace.Output, outHeight, outWidth, pinned);
                    }
                    else
                    {
                        MaxPool3x3.Run(workspace.Input, channels, height, width, stride, 0, workspace.Output, outHeight, outWidth);
                    }

                    Tolerance.AssertClose(expected, workspace.GatherOutput(), context);
                    workspace.AssertInputUntouched(context);
                }
            }
        }
    }

    /// <summary>PyTorch's sizes: ceil mode rounds up unless the last window would start in the padding; padding 1 stays floor-only.</summary>
    [Fact]
    public void OutputSizesFollowPyTorchAndOthersAreRejected()
    {
        Assert.Equal((54, 54), MaxPool3x3.OutputSizes(109, 2, 0));
        Assert.Equal((54, 55), MaxPool3x3.OutputSizes(110, 2, 0));
        Assert.Equal((13, 13), MaxPool3x3.OutputSizes(27, 2, 0));
        Assert.Equal((0, 1), MaxPool3x3.OutputSizes(2, 2, 0));
        Assert.Equal((2, 3), MaxPool3x3.OutputSizes(4, 2, 1));
        var ex = Assert.Throws<ArgumentException>(() => MaxPool3x3.Run(new float[16], 1, 4, 4, 2, 1, new float[9], 3, 3));
        Assert.Contains("expected 2, got 3", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => MaxPool3x3.Run(new float[16], 1, 4, 4, 2, 0, new float[9], 3, 3));
        Assert.Contains("expected 1 (ceil_mode=False) or 2 (ceil_mode=True), got 3", ex.Message);
    }
}
