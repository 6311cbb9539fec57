using System;

namespace ShuffleNetGen.Reference;

/// <summary>Deterministic draws from <see cref="System.Random"/>(seed): uniform and standard normal (Box–Muller).</summary>
internal sealed class SeededNormal
{
    private readonly Random _random;

    public SeededNormal(int seed) => _random = new Random(seed);

    public double Uniform(double low, double high) => low + (high - low) * _random.NextDouble();

    public double Normal()
    {
        // 1 − NextDouble() lies in (0, 1], so the logarithm is finite.
        double u1 = 1.0 - _random.NextDouble(), u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
