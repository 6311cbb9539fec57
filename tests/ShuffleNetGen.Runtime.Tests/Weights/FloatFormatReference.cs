using System;

namespace ShuffleNetGen.Runtime.Tests.Weights;

/// <summary>
/// An independent model of small IEEE-style binary formats (F16: 5 exponent bits, 10 mantissa bits; BF16: 8 and 7),
/// built from the definitions with exact double arithmetic rather than bit tricks, to check the runtime's conversions.
/// </summary>
internal static class FloatFormatReference
{
    public const int HalfExponentBits = 5, HalfMantissaBits = 10;
    public const int BFloat16ExponentBits = 8, BFloat16MantissaBits = 7;

    /// <summary>The exact value of a bit pattern: (-1)^s · 2^(e - bias) · 1.m, or 2^(1 - bias) · 0.m when e = 0.</summary>
    public static double Decode(uint bits, int exponentBits, int mantissaBits)
    {
        int bias = (1 << (exponentBits - 1)) - 1;
        uint mantissa = bits & ((1u << mantissaBits) - 1);
        uint exponent = (bits >> mantissaBits) & ((1u << exponentBits) - 1);
        bool negative = ((bits >> (mantissaBits + exponentBits)) & 1) != 0;
        double magnitude;
        if (exponent == (1u << exponentBits) - 1)
        {
            magnitude = mantissa == 0 ? double.PositiveInfinity : double.NaN;
        }
        else if (exponent == 0)
        {
            magnitude = Math.ScaleB(mantissa, 1 - bias - mantissaBits);
        }
        else
        {
            magnitude = Math.ScaleB(mantissa + (1u << mantissaBits), (int)exponent - bias - mantissaBits);
        }

        return negative ? -magnitude : magnitude;
    }

    /// <summary>
    /// The format's value nearest to <paramref name="value"/>, ties to the even significand, overflow to infinity
    /// (IEEE 754 roundTiesToEven), as a double. NaN in, NaN out.
    /// </summary>
    public static double Round(float value, int exponentBits, int mantissaBits)
    {
        double x = value;
        if (double.IsNaN(x) || double.IsInfinity(x) || x == 0)
        {
            return x;
        }

        int bias = (1 << (exponentBits - 1)) - 1;
        // Below the smallest normal exponent the spacing stays fixed: the subnormal range.
        int exponent = Math.Max(Math.ILogB(x), 1 - bias);
        double quantum = Math.ScaleB(1.0, exponent - mantissaBits);
        // x / quantum is exact (a float scaled by a power of two), so Math.Round sees the true tie.
        double rounded = Math.Round(x / quantum, MidpointRounding.ToEven) * quantum;
        if (Math.Abs(rounded) >= Math.ScaleB(1.0, bias + 1))
        {
            return Math.CopySign(double.PositiveInfinity, x);
        }

        return Math.CopySign(rounded, x);
    }

    /// <summary>True when both are NaN, or both have identical bits (so +0 and -0 differ).</summary>
    public static bool SameValue(double expected, double actual) =>
        double.IsNaN(expected) ? double.IsNaN(actual) : BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual);

    /// <summary>Floats that probe both formats' edges: signed zeros, ties, subnormals, overflow, infinities, NaNs.</summary>
    public static float[] EdgeValues() =>
    [
        0f, -0f, 1f, -1f, 0.1f, -3.75f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue,
        float.PositiveInfinity, float.NegativeInfinity, float.NaN, BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00001)),
        // F16: tie 1 + 2^-11 rounds down to even 1; 1 + 3·2^-11 rounds up to even 1 + 2^-9; just above a tie rounds up.
        1f + MathF.ScaleB(1, -11), 1f + 3 * MathF.ScaleB(1, -11), 1f + MathF.ScaleB(1, -11) + MathF.ScaleB(1, -20),
        // F16 largest finite, just below the overflow tie, the tie itself (rounds to infinity) and beyond.
        65504f, 65519.996f, 65520f, -65520f, 65536f, 1e6f,
        // F16 normals and subnormals: min normal, max subnormal, min subnormal, ties at 2^-25 and 3·2^-25, below half the minimum.
        MathF.ScaleB(1, -14), MathF.ScaleB(1, -14) - MathF.ScaleB(1, -24), MathF.ScaleB(1, -24), MathF.ScaleB(1, -25),
        3 * MathF.ScaleB(1, -25), MathF.ScaleB(1, -25) + MathF.ScaleB(1, -40), MathF.ScaleB(1, -26), -MathF.ScaleB(1, -25),
        5 * MathF.ScaleB(1, -26), 1.5f * MathF.ScaleB(1, -20),
        // BF16: ties 1 + 2^-8 (down) and 1 + 3·2^-8 (up); largest finite; float subnormal ties (0x8000 → 0, 0x18000 → 0x20000).
        1f + MathF.ScaleB(1, -8), 1f + 3 * MathF.ScaleB(1, -8), BitConverter.Int32BitsToSingle(0x7F7F0000),
        BitConverter.Int32BitsToSingle(0x7F7F7FFF), BitConverter.Int32BitsToSingle(0x7F7F8000),
        BitConverter.Int32BitsToSingle(0x00008000), BitConverter.Int32BitsToSingle(0x00018000), BitConverter.Int32BitsToSingle(0x00007FFF),
        BitConverter.Int32BitsToSingle(0x00800000), BitConverter.Int32BitsToSingle(0x007FFFFF),
    ];

    /// <summary>Edge values plus seeded random bit patterns (every exponent) and random values in F16's range.</summary>
    public static float[] TestValues(int seed, int randomCount)
    {
        var random = new Random(seed);
        float[] edges = EdgeValues();
        var values = new float[edges.Length + 2 * randomCount];
        edges.CopyTo(values, 0);
        for (int i = 0; i < randomCount; i++)
        {
            values[edges.Length + 2 * i] = BitConverter.Int32BitsToSingle(random.Next() ^ (random.Next(2) << 31));
            values[edges.Length + 2 * i + 1] = (float)((random.NextDouble() - 0.5) * Math.ScaleB(1.0, random.Next(-30, 18)));
        }

        return values;
    }
}
