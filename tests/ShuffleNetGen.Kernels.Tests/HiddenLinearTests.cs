using System;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

public sealed class HiddenLinearTests
{
    /// <summary>Linear then the activation, at output counts below, at and past each vector width, whole and in parts.</summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(17, 9)]
    [InlineData(96, 33)]
    [InlineData(40, 160)]
    public void EveryPathMatchesNaiveLinearAndActivation(int inFeatures, int outFeatures)
    {
        Random random = TestData.Random(inFeatures, outFeatures, 2);
        float[] finite = TestData.Uniform(random, inFeatures);
        for (int i = 0; i < finite.Length; i++)
        {
            finite[i] *= 6;
        }

        float[] weights = TestData.Uniform(random, outFeatures * inFeatures);
        float[] bias = TestData.Uniform(random, outFeatures);
        foreach ((string inputs, float[] input) in TestData.FiniteAndNonFinite(finite, 1, 1, inFeatures))
        {
            double[] linear = NaiveReference.Linear(input, weights, bias, inFeatures, outFeatures);
            foreach (Activation activation in TestData.Activations)
            {
                double[] expected = Array.ConvertAll(linear, v => NaiveReference.Activate(activation, v));
                foreach (VectorWidth? path in KernelPaths.All())
                {
                    foreach (int parts in new[] { 1, 3 })
                    {
                        string context = $"{inputs}, {inFeatures}->{outFeatures}, {activation}, {parts} part(s), {KernelPaths.Name(path)}";
                        using var y = new GuardedBuffer(outFeatures);
                        y.Span.Fill(float.NaN);
                        for (int p = 0; p < parts; p++)
                        {
                            Part part = parts == 1 ? Part.Whole : new Part(p, parts);
                            if (path is { } pinned)
                            {
                                HiddenLinear.Run(input, inFeatures, weights, bias, outFeatures, y.Span, activation, pinned, part);
                            }
                            else
                            {
                                HiddenLinear.Run(input, inFeatures, weights, bias, outFeatures, y.Span, activation, part);
                            }
                        }

                        Tolerance.AssertClose(expected, y.Span, context);
                    }
                }
            }
        }
    }
}
