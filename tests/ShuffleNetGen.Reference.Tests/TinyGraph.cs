using System;
using System.Collections.Generic;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;
using Xunit;

namespace ShuffleNetGen.Reference.Tests;

/// <summary>Hand-built graphs of one or two ops, run through <see cref="ReferenceExecutor"/> like a whole network.</summary>
internal static class TinyGraph
{
    public static LayerGraph Of(TensorShape input, string output, params LayerOp[] ops)
    {
        var spec = new ModelSpec
        {
            Name = "Tiny",
            InputChannels = input.Channels,
            InputHeight = input.Height,
            InputWidth = input.Width,
            Classes = 1,
            Architecture = FamilySpec.Create(FamilyRegistry.ShuffleNetV2),
            FilePath = "tiny.model.yaml",
            Locations = ImmutableEquatableArray<KeyLocation>.Empty,
        };
        return new LayerGraph
        {
            Spec = spec,
            InputShape = input,
            OutputTensor = output,
            Classes = 1,
            Ops = ops.ToImmutableEquatableArray(),
            Weights = ImmutableEquatableArray<WeightTensor>.Empty,
        };
    }

    public static float[] Run(LayerGraph graph, float[] input, int batch = 1, Dictionary<string, float[]>? weights = null) =>
        ReferenceExecutor.Run(graph, weights ?? new Dictionary<string, float[]>(), input, batch);

    /// <summary>1, 2, …, n: distinct values, so a wrong tap or a wrong order changes the result.</summary>
    public static float[] Ramp(int n, float sign = 1f)
    {
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = sign * (i + 1);
        return values;
    }

    /// <summary>Hand-computed values are small integers or simple fractions: 1e-6 relative to the largest covers float rounding.</summary>
    public static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<float> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        double scale = 0;
        foreach (double e in expected) scale = Math.Max(scale, Math.Abs(e));
        double tolerance = 1e-6 * Math.Max(scale, 1.0);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {actual[i]} (tolerance {tolerance})");
        }
    }
}
