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
        float[] input = TestData.Uniform(random, channels * height * width);
        for (int i = 0; i < input.Length; i++)
        {
            // All-negative data: a kernel that let zero padding win would be caught.
            input[i] = -1.5f - input[i];
        }

        double[] expected = NaiveReference.Pool3x3(input, channels, height, width, stride, max: true);
        foreach (VectorWidth? path in KernelPaths.All())
        {
            string context = $"{channels} ch @ {height}x{width} s{stride}, {KernelPaths.Name(path)}";
            using var workspace = new PlanarWorkspace(Layout.Identity, input, channels, height * width, channels, outHeight * outWidth, random);
            if (path is { } pinned)
            {
                MaxPool3x3.Run(workspace.Input, channels, height, width, stride, workspace.Output, outHeight, outWidth, pinned);
            }
            else
            {
                MaxPool3x3.Run(workspace.Input, channels, height, width, stride, workspace.Output, outHeight, outWidth);
            }

            Tolerance.AssertClose(expected, workspace.GatherOutput(), context);
            workspace.AssertInputUntouched(context);
        }
    }
}
