using System;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

public sealed class GlobalAveragePoolTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 6)]
    [InlineData(7, 49)]
    [InlineData(17, 105)]
    [InlineData(58, 306)]
    [InlineData(1024, 49)]
    [InlineData(9, 825)]
    public void EveryPathMatchesNaiveMean(int channels, int pixels)
    {
        Random random = TestData.Random(channels, pixels);
        float[] finite = TestData.Uniform(random, channels * pixels);
        foreach ((string inputs, float[] input) in TestData.FiniteAndNonFinite(finite, channels, 1, pixels))
        {
            double[] expected = NaiveReference.GlobalAveragePool(input, channels, pixels);
            foreach (Layout layout in new[] { Layout.Identity, Layout.Interleaved })
            {
                foreach (VectorWidth? path in KernelPaths.All())
                {
                    string context = $"{inputs}, {channels} ch x {pixels} px, {layout}, {KernelPaths.Name(path)}";
                    using var workspace = new PlanarWorkspace(layout, input, channels, pixels, 0, pixels, random);
                    using var output = new GuardedBuffer(channels);
                    if (path is { } pinned)
                    {
                        GlobalAveragePool.Run(workspace.Input, workspace.InputPlanes, pixels, channels, output.Span, pinned);
                    }
                    else
                    {
                        GlobalAveragePool.Run(workspace.Input, workspace.InputPlanes, pixels, channels, output.Span);
                    }

                    Tolerance.AssertClose(expected, output.Span, context);
                    workspace.AssertInputUntouched(context);
                }
            }
        }
    }
}
