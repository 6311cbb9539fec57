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
    [InlineData(16, 3)] // one 512-bit vector per row, no unrolled block
    [InlineData(64, 5)] // exactly one unrolled block of 512-bit vectors
    [InlineData(65, 4)] // one block and a scalar tail at every width
    [InlineData(100, 11)] // single-vector remainder after the unrolled blocks (V512: 64 + 2 * 16 + 4)
    [InlineData(1023, 13)] // rows not a multiple of any vector width, so no row starts aligned like the first
    [InlineData(1000, 1000)]
    public void EveryPathMatchesNaiveAffineMap(int inFeatures, int outFeatures)
    {
        Random random = TestData.Random(inFeatures, outFeatures);
        float[] finite = TestData.Uniform(random, inFeatures);
        float[] weights = TestData.Uniform(random, outFeatures * inFeatures);
        float[] bias = TestData.Uniform(random, outFeatures);
        foreach ((string inputs, float[] input) in TestData.FiniteAndNonFinite(finite, 1, 1, inFeatures))
        {
            foreach (bool withBias in new[] { true, false })
            {
                double[] expected = NaiveReference.Linear(input, weights, withBias ? bias : null, inFeatures, outFeatures);
                foreach (VectorWidth? path in KernelPaths.All())
                {
                    string context = $"{inputs}, {inFeatures}->{outFeatures}, bias {withBias}, {KernelPaths.Name(path)}";
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

    /// <summary>
    /// The weights at any float offset inside a larger buffer (as in the model's weight buffer), with the prefetch running
    /// past the end of the matrix into the rest of the buffer and beyond: results must not depend on either.
    /// </summary>
    [Theory]
    [InlineData(1024, 37, 0)]
    [InlineData(1024, 37, 1)]
    [InlineData(1024, 37, 3)]
    [InlineData(1024, 37, 5)]
    [InlineData(1024, 37, 13)]
    [InlineData(33, 6, 7)]
    [InlineData(4, 2, 1)]
    public void WeightsAtAnyOffsetMatchNaiveAffineMap(int inFeatures, int outFeatures, int offset)
    {
        Random random = TestData.Random(inFeatures, outFeatures + (1000 * offset));
        float[] input = TestData.Uniform(random, inFeatures);
        float[] buffer = TestData.Uniform(random, offset + (outFeatures * inFeatures) + 5);
        float[] bias = TestData.Uniform(random, outFeatures);
        ReadOnlySpan<float> weights = buffer.AsSpan(offset, outFeatures * inFeatures);
        double[] expected = NaiveReference.Linear(input, weights.ToArray(), bias, inFeatures, outFeatures);
        foreach (VectorWidth? path in KernelPaths.All())
        {
            string context = $"{inFeatures}->{outFeatures} at offset {offset}, {KernelPaths.Name(path)}";
            using var y = new GuardedBuffer(outFeatures);
            if (path is { } pinned)
            {
                Linear.Run(input, inFeatures, weights, bias, outFeatures, y.Span, pinned);
            }
            else
            {
                Linear.Run(input, inFeatures, weights, bias, outFeatures, y.Span);
            }

            Tolerance.AssertClose(expected, y.Span, context);
        }
    }
}
