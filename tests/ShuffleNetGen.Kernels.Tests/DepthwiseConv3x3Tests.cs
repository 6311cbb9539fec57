using System;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

public sealed class DepthwiseConv3x3Tests
{
    public static TheoryData<int, int, int, int> Shapes() => WindowShapes.Create();

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryPathMatchesNaiveDepthwiseConvolution(int channels, int height, int width, int stride)
    {
        int outHeight = TestData.OutputSize(height, stride);
        int outWidth = TestData.OutputSize(width, stride);
        Random random = TestData.Random(channels, height, width, stride);
        float[] finite = TestData.Uniform(random, channels * height * width);
        float[] weights = TestData.Uniform(random, channels * 9);
        float[] bias = TestData.Uniform(random, channels);
        foreach ((string inputs, float[] input) in TestData.FiniteAndNonFinite(finite, channels, height, width))
        {
            foreach (Activation activation in TestData.Activations)
            {
                double[] expected = NaiveReference.Conv3x3(input, weights, bias, channels, channels, groups: channels, height, width, stride, activation);
                foreach (Layout layout in new[] { Layout.Identity, Layout.Interleaved })
                {
                    foreach (VectorWidth? path in KernelPaths.All())
                    {
                        string context = $"{inputs}, {channels} ch @ {height}x{width} s{stride}, {activation}, {layout}, {KernelPaths.Name(path)}";
                        using var workspace = new PlanarWorkspace(layout, input, channels, height * width, channels, outHeight * outWidth, random);
                        if (path is { } pinned)
                        {
                            DepthwiseConv3x3.Run(workspace.Input, workspace.InputPlanes, height, width, stride, weights, bias, channels,
                                workspace.Output, workspace.OutputPlanes, outHeight, outWidth, activation, pinned);
                        }
                        else
                        {
                            DepthwiseConv3x3.Run(workspace.Input, workspace.InputPlanes, height, width, stride, weights, bias, channels,
                                workspace.Output, workspace.OutputPlanes, outHeight, outWidth, activation);
                        }

                        Tolerance.AssertClose(expected, workspace.GatherOutput(), context);
                        workspace.AssertInputUntouched(context);
                    }
                }
            }
        }
    }
}
