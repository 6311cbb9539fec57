using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using Xunit;
using Xunit.Abstractions;

namespace ShuffleNetGen.Reference.Tests;

/// <summary>Whole V2 networks through the reference: speed, scale of the random model, batch consistency, determinism.</summary>
public class ShuffleNetV2RunTests
{
    private readonly ITestOutputHelper _output;

    public ShuffleNetV2RunTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void V2x1_0At224_RunsInSecondsWithLogitsOfOrderOne()
    {
        LayerGraph graph = CanonicalV2.Graph("1_0");
        Dictionary<string, float[]> weights = RandomWeights.Create(graph, seed: 1);
        float[] input = RandomInput.Create((int)graph.InputShape.Elements, seed: 2);

        var clock = Stopwatch.StartNew();
        float[] logits = ReferenceExecutor.Run(graph, weights, input, batch: 1);
        clock.Stop();

        float[] other = ReferenceExecutor.Run(graph, weights, RandomInput.Create(input.Length, seed: 3), batch: 1);
        double rms = Math.Sqrt(logits.Average(v => (double)v * v));
        double inputEffect = Math.Sqrt(logits.Zip(other, (a, b) => ((double)a - b) * (a - b)).Average());
        _output.WriteLine($"V2 1.0x 224x224 batch 1: {clock.Elapsed.TotalSeconds:F2} s, logits rms {rms:G4}, max |logit| {logits.Max(Math.Abs):G4}, " +
            $"rms change for another image {inputEffect:G4}");
        Assert.Equal(graph.Classes, logits.Length);
        Assert.All(logits, v => Assert.True(float.IsFinite(v)));
        // Random statistics that neither explode nor vanish through 17 units: the logits keep a usable scale for relative tolerances.
        Assert.InRange(rms, 0.1, 10);
        // Deep random ReLU nets drift towards input-independent outputs; an oracle whose logits ignore the image checks little.
        Assert.True(inputEffect > 0.01 * rms, $"another image moves the logits by only {inputEffect:G3} (rms {rms:G3})");
        // A few seconds on one idle core; the bound leaves room for a machine shared with other builds.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public void BatchOfThree_EqualsThreeSingleImageRuns()
    {
        // An awkward input size: 75x97 → 38x49 → 19x25 → 10x13 → 5x7 → 3x4.
        LayerGraph graph = CanonicalV2.Graph("0_5", height: 75, widthPixels: 97);
        Dictionary<string, float[]> weights = RandomWeights.Create(graph, seed: 5);
        int image = (int)graph.InputShape.Elements;
        float[] input = RandomInput.Create(3 * image, seed: 6);

        float[] batched = ReferenceExecutor.Run(graph, weights, input, batch: 3);

        Assert.Equal(3 * graph.Classes, batched.Length);
        for (int n = 0; n < 3; n++)
        {
            float[] single = ReferenceExecutor.Run(graph, weights, input.AsSpan(n * image, image), batch: 1);
            double tolerance = 1e-6 * single.Max(Math.Abs);
            for (int c = 0; c < graph.Classes; c++)
            {
                Assert.True(Math.Abs(single[c] - batched[n * graph.Classes + c]) <= tolerance, $"image {n}, class {c}: {single[c]} vs {batched[n * graph.Classes + c]}");
            }
        }
    }

    [Fact]
    public void RandomWeightsAndInput_AreAFunctionOfTheSeed()
    {
        LayerGraph graph = CanonicalV2.Graph("0_5", height: 64, widthPixels: 64);

        Dictionary<string, float[]> a = RandomWeights.Create(graph, seed: 7), b = RandomWeights.Create(graph, seed: 7), c = RandomWeights.Create(graph, seed: 8);

        Assert.Equal(graph.Weights.Select(w => w.Key).OrderBy(k => k, StringComparer.Ordinal), a.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (WeightTensor w in graph.Weights)
        {
            Assert.Equal(w.Elements, a[w.Key].LongLength);
            Assert.Equal(a[w.Key], b[w.Key]);
        }
        Assert.NotEqual(a["conv1.0.weight"], c["conv1.0.weight"]);
        Assert.Equal(RandomInput.Create(100, seed: 9), RandomInput.Create(100, seed: 9));
        Assert.NotEqual(RandomInput.Create(100, seed: 9), RandomInput.Create(100, seed: 10));
    }

    [Fact]
    public void RandomBatchNorm_IsNeverTheIdentity()
    {
        LayerGraph graph = CanonicalV2.Graph("0_5", height: 64, widthPixels: 64);
        Dictionary<string, float[]> weights = RandomWeights.Create(graph, seed: 11);

        foreach (BatchNormOp bn in graph.Ops.OfType<BatchNormOp>())
        {
            Assert.All(weights[bn.Name + ".weight"], v => Assert.InRange(v, 0.5f, 1.5f));
            Assert.All(weights[bn.Name + ".bias"], v => Assert.InRange(v, -0.2f, 0.2f));
            Assert.All(weights[bn.Name + ".running_mean"], v => Assert.InRange(v, -0.2f, 0.2f));
            Assert.All(weights[bn.Name + ".running_var"], v => Assert.InRange(v, 0.5f, 2.0f));
            Assert.True(weights[bn.Name + ".running_mean"].Distinct().Count() > 1, $"{bn.Name}: constant running_mean");
        }
    }
}
