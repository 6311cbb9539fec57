using System;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>Seeded operands for kernel benchmarks: the values do not change the timing, only their being finite and normal.</summary>
internal static class KernelData
{
    public static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
