using System;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

public sealed class SqueezeExciteFcTests
{
    /// <summary>A 1x1 conv over one pixel against the naive 1x1 conv, at MobileNet V3's SE sizes and awkward ones.</summary>
    [Theory]
    [InlineData(16, 8)]
    [InlineData(72, 24)]
    [InlineData(24, 72)]
    [InlineData(9, 17)]
    public void EveryPathMatchesNaiveOnePixelConvolution(int inChannels, int outChannels)
    {
        Random random = TestData.Random(inChannels, outChannels, 1);
        float[] finite = TestData.Uniform(random, inChannels);
        float[] weights = TestData.Uniform(random, outChannels * inChannels);
        float[] bias = TestData.Uniform(random, outChannels);
        foreach ((string inputs, float[] input) in TestData.FiniteAndNonFinite(finite, 1, 1, inChannels))
        {
            foreach (Activation activation in new[] { Activation.Relu, Activation.HardSigmoid })
            {
                double[] expected = NaiveReference.Conv1x1(input, weights, bias, inChannels, outChannels, 1, activation, residual: null);
                foreach (VectorWidth? path in KernelPaths.All())
                {
                    string context = $"{inputs}, {inChannels}->{outChannels}, {activation}, {KernelPaths.Name(path)}";
                    using var y = new GuardedBuffer(outChannels);
                    if (path is { } pinned)
                    {
                        SqueezeExciteFc.Run(input, [], inChannels, weights, bias, outChannels, y.Span, [], activation, pinned);
                    }
                    else
                    {
                        SqueezeExciteFc.Run(input, [], inChannels, weights, bias, outChannels, y.Span, [], activation);
                    }

                    Tolerance.AssertClose(expected, y.Span, context);
                }
            }
        }
    }

    /// <summary>Through shuffled plane tables of one-float planes (a concat slot, a shuffled store), whole and in three parts.</summary>
    [Theory]
    [InlineData(7, 40)]
    [InlineData(33, 5)]
    public void PlaneTablesGatherTheInputAndScatterTheOutput(int inChannels, int outChannels)
    {
        Random random = TestData.Random(inChannels, outChannels, 3);
        float[] input = TestData.Uniform(random, inChannels);
        float[] weights = TestData.Uniform(random, outChannels * inChannels);
        float[] bias = TestData.Uniform(random, outChannels);
        double[] expected = NaiveReference.Conv1x1(input, weights, bias, inChannels, outChannels, 1, Activation.HardSwish, residual: null);
        int[] inPlanes = [.. System.Linq.Enumerable.Range(0, inChannels + 2)];
        random.Shuffle(inPlanes);
        int[] outPlanes = [.. System.Linq.Enumerable.Range(0, outChannels + 3)];
        random.Shuffle(outPlanes);
        int[] inTable = inPlanes[..inChannels], outTable = outPlanes[..outChannels];
        var x = new float[inChannels + 2];
        for (int c = 0; c < inChannels; c++)
        {
            x[inTable[c]] = input[c];
        }

        foreach (int parts in new[] { 1, 3 })
        {
            var y = new float[outChannels + 3];
            y.AsSpan().Fill(float.NaN);
            for (int p = 0; p < parts; p++)
            {
                SqueezeExciteFc.Run(x, inTable, inChannels, weights, bias, outChannels, y, outTable, Activation.HardSwish,
                    parts == 1 ? Part.Whole : new Part(p, parts));
            }

            var gathered = new float[outChannels];
            for (int c = 0; c < outChannels; c++)
            {
                gathered[c] = y[outTable[c]];
            }

            Tolerance.AssertClose(expected, gathered, $"{inChannels}->{outChannels} through tables, {parts} part(s)");
            Assert.Equal(3, System.Linq.Enumerable.Count(outPlanes[outChannels..], plane => float.IsNaN(y[plane])));
        }
    }
}
