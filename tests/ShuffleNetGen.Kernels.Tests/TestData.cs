using System;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>Seeded uniform data in [-1, 1): the same case always gets the same numbers.</summary>
internal static class TestData
{
    public static Random Random(params int[] shape)
    {
        int seed = 17;
        foreach (int size in shape)
        {
            seed = (seed * 31) + size;
        }

        return new Random(seed);
    }

    public static float[] Uniform(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    /// <summary>Every activation a kernel's store can apply.</summary>
    public static Activation[] Activations { get; } = Enum.GetValues<Activation>();

    /// <summary>PyTorch's output size for kernel 3, padding 1.</summary>
    public static int OutputSize(int input, int stride) => ((input + 2 - 3) / stride) + 1;
}
