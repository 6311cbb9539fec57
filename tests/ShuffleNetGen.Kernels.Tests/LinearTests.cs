using System;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

public sealed class LinearTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(7, 9)]
    [InlineData(15, 17)]
    [InlineData(58, 10)]
    [InlineData(1024, 1000)]
    [InlineData(1536, 7)]
    public void EveryPathMatchesNaiveAffineMap(int inFeatures, int outFeatures)
    {
        Random random = TestData.Random(inFeatures, outFeatures);
        float[] input = TestData.Uniform(random, inFeatures);
        float[] weights = TestData.Uniform(random, outFeatures * inFeatures);
        float[] bias = TestData.Uniform(random, outFeatures);
        foreach (bool withBias in new[] { true, false })
        {
            double[] expected = NaiveReference.Linear(input, weights, withBias ? bias : null, inFeatures, outFeatures);
            foreach (VectorWidth? path in KernelPaths.All())
            {
                string context = $"{inFeatures}->{outFeatures}, bias {withBias}, {KernelPaths.Name(path)}";
                using var x = new GuardedBuffer(inFeatures);
                using var y = new GuardedBuffer(outFeatures);
                input.CopyTo(x.Span);
                ReadOnlySpan<float> b = withBias ? bias : [];
                if (path is { } pinned)
                {
                    Linear.Run(x.Span, inFeatures, weights, b, outFeatures, y.Span, pinned);
                }
                else
                {
                    Linear.Run(x.Span, inFeatures, weights, b, outFeatures, y.Span);
                }

                Tolerance.AssertClose(expected, y.Span, context);
            }
        }
    }
}
