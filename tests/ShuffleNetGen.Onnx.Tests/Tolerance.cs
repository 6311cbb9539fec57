using System;
using Xunit;

namespace ShuffleNetGen.Onnx.Tests;

internal static class Tolerance
{
    /// <summary>Every |actual − expected| within <paramref name="relative"/> × max|expected|; the worst element is named on failure.</summary>
    public static void AssertClose(float[] expected, float[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0;
        foreach (float v in expected) scale = Math.Max(scale, Math.Abs(v));
        Assert.True(scale > 0, "The reference output is all zeros: the comparison would prove nothing.");
        double limit = relative * scale, worst = -1;
        int worstAt = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)actual[i] - expected[i]);
            if (!(error <= worst)) (worst, worstAt) = (error, i);
        }
        Assert.True(worst <= limit,
            $"Element {worstAt}: expected {expected[worstAt]:R}, got {actual[worstAt]:R}; error {worst:G3} exceeds {relative:G2} x max|ref| {scale:G6} = {limit:G3}.");
    }
}
