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

    /// <summary>
    /// The input as drawn, and a copy with NaN at the top-left corner and the end of the first row, +inf inside and -inf at
    /// the bottom-right corner (spread over the channels): both must come out as PyTorch computes them.
    /// </summary>
    public static (string Inputs, float[] Input)[] FiniteAndNonFinite(float[] finite, int channels, int height, int width)
    {
        float[] poisoned = (float[])finite.Clone();
        int pixels = height * width;
        poisoned[0] = float.NaN;
        poisoned[((1 % channels) * pixels) + ((height / 2) * width) + (width / 2)] = float.PositiveInfinity;
        poisoned[((2 % channels) * pixels) + pixels - 1] = float.NegativeInfinity;
        poisoned[((channels - 1) * pixels) + width - 1] = float.NaN;
        return [("finite", finite), ("NaN and inf", poisoned)];
    }

    /// <summary>Every activation a kernel's store can apply.</summary>
    public static Activation[] Activations { get; } = Enum.GetValues<Activation>();

    /// <summary>PyTorch's output size for kernel 3, padding 1.</summary>
    public static int OutputSize(int input, int stride) => ((input + 2 - 3) / stride) + 1;
}
