using System;
using Xunit.Sdk;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>
/// Float kernels (FMA or not, any summation order) against a double-precision reference:
/// |actual - expected| &lt;= 1e-5 * max|expected| + 1e-6 for every element.
/// </summary>
internal static class Tolerance
{
    public const double Relative = 1e-5;
    public const double Absolute = 1e-6;

    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, string context)
    {
        if (expected.Length != actual.Length)
        {
            throw new XunitException($"{context}: expected {expected.Length} values, got {actual.Length}.");
        }

        double scale = 0;
        foreach (double value in expected)
        {
            scale = Math.Max(scale, Math.Abs(value));
        }

        double limit = (Relative * scale) + Absolute;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= limit))
            {
                throw new XunitException(
                    $"{context}: element {i} is {actual[i]:R}, expected {expected[i]:R} (error {error:E3} > limit {limit:E3}).");
            }
        }
    }
}
