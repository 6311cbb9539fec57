using System;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

public sealed class AvgPool3x3Tests
{
    public static TheoryData<int, int, int, int> Shapes() => WindowShapes.Create();

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryPathMatchesNaiveAveragePoolCountingPadding(int channels, int height, int width, int stride)
    {
        int outHeight = TestData.OutputSize(height, stride);
        int outWidth = TestData.OutputSize(width, stride);
        Random random = TestData.Random(channels, height, width, stride, 9);
        float[] finite = TestData.Uniform(random, channels * height * width);
        foreach ((string inputs, float[] input) in TestData.FiniteAndNonFinite(finite, channels, height, width))
        {
            double[] expected = NaiveReference.Pool3x3(input, channels, height, width, stride, max: false);
            foreach (Layout layout in new[] { Layout.Identity, Layout.Interleaved })
            {
                foreach (VectorWidth? path in KernelPaths.All())
                {
                    string context = $"{inputs}, {channels} ch @ {height}x{width} s{stride}, {layout}, {KernelPaths.Name(path)}";
                    using var workspace = new PlanarWorkspace(layout, input, channels, height * width, channels, outHeight * outWidth, random);
                    if (path is { } pinned)
                    {
                        AvgPool3x3.Run(workspace.Input, workspace.InputPlanes, height, width, stride, channels,
                            workspace.Output, workspace.OutputPlanes, outHeight, outWidth, Activation.Identity, pinned);
                    }
                    else
                    {
                        AvgPool3x3.Run(workspace.Input, workspace.InputPlanes, height, width, stride, channels,
                            workspace.Output, workspace.OutputPlanes, outHeight, outWidth, Activation.Identity);
                    }

                    Tolerance.AssertClose(expected, workspace.GatherOutput(), context);
                    workspace.AssertInputUntouched(context);
                }
            }
        }
    }
}
