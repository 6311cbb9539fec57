using System;
using System.Collections.Generic;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Onnx.Tests.Export;

/// <summary>
/// A hand-built graph using every op the exporter knows, at sizes that divide nothing: a biased stem conv + BN + ReLU,
/// max pool, split, a grouped (not depthwise) 1x1 conv, a biased depthwise 3x3, concat, a paper-order shuffle with 3 groups
/// followed by a Megvii-order shuffle with 2 (so swapping the orders changes the result), an average pool that counts
/// padding, a residual add, global pooling and a bias-free linear layer.
/// </summary>
internal static class TinyGraph
{
    public const int Channels = 3, Height = 13, Width = 11, Classes = 5;

    public static LayerGraph Build()
    {
        var g = new GraphBuilder();
        var (x, s) = g.Conv("stem.0", "input", new TensorShape(Channels, Height, Width), 12, kernel: 3, stride: 2, padding: 1, groups: 1, withBias: true);
        x = g.BatchNorm("stem.1", x, s);
        x = g.Relu("stem.2", x, s);
        (x, s) = g.MaxPool("pool", x, s, kernel: 3, stride: 2, padding: 1);
        var (first, second) = g.Split("unit.chunk", x, s);
        var half = s with { Channels = s.Channels / 2 };
        var (p, ps) = g.Conv("unit.pw", second, half, half.Channels, kernel: 1, stride: 1, padding: 0, groups: 2);
        var (d, _) = g.Conv("unit.dw", p, ps, half.Channels, kernel: 3, stride: 1, padding: 1, groups: half.Channels, withBias: true);
        string cat = g.Concat("unit.cat", s, first, d);
        string paper = g.Shuffle("unit.shuffle", cat, s, 3, ShuffleOrder.Paper);
        string megvii = g.Shuffle("unit.megvii_shuffle", paper, s, 2, ShuffleOrder.Megvii);
        var (avg, _) = g.AvgPool("avg", megvii, s, kernel: 3, stride: 1, padding: 1);
        string sum = g.Add("residual", avg, megvii, s);
        string pooled = g.GlobalAvgPool("gap", sum, s);
        string logits = g.Linear("fc", pooled, s.Channels, Classes, withBias: false);
        return g.Build(TestSpecs.Minimal("TinyNet", Channels, Height, Width, Classes), logits);
    }

    /// <summary>Seeded weights: uniform in [-1, 1), BatchNorm variances in [0.5, 1.5) so no division blows up.</summary>
    public static Dictionary<string, float[]> Weights(LayerGraph graph, int seed)
    {
        var random = new Random(seed);
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (WeightTensor w in graph.Weights)
        {
            var values = new float[w.Elements];
            bool variance = w.Key.EndsWith(".running_var", StringComparison.Ordinal);
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = variance ? (float)(0.5 + random.NextDouble()) : (float)(2 * random.NextDouble() - 1);
            }
            weights.Add(w.Key, values);
        }
        return weights;
    }
}
