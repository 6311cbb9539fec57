using System;
using Xunit.Sdk;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>
/// Float kernels (FMA or not, any summation order) against a double-precision reference:
/// |actual - expected| &lt;= 1e-5 * max|expected| + 1e-6 for every finite element (the maximum over the finite ones);
/// a NaN must be NaN and an infinity the same infinity, as IEEE arithmetic gives in PyTorch.
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
            if (double.IsFinite(value))
            {
                scale = Math.Max(scale, Math.Abs(value));
            }
        }

        double limit = (Relative * scale) + Absolute;
        for (int i = 0; i < expected.Length; i++)
        {
            if (!double.IsFinite(expected[i]))
            {
                if (!expected[i].Equals((double)actual[i]))
                {
                    throw new XunitException($"{context}: element {i} is {actual[i]:R}, expected {expected[i]:R}.");
                }

                continue;
            }

            double error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= limit))
            {
                throw new XunitException(
                    $"{context}: element {i} is {actual[i]:R}, expected {expected[i]:R} (error {error:E3} > limit {limit:E3}).");
            }
        }
    }
}
