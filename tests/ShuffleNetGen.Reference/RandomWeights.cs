using System;
using System.Collections.Generic;
using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Reference;

/// <summary>
/// Seeded weights for every tensor a graph needs, scaled so activations stay O(1) from the stem to the logits:
/// convolutions N(0, gain / fan_in) with the gains of <see cref="ConvolutionGains"/>, the classifier N(0, 1 / fan_in),
/// BatchNorm with random affine parameters and random running statistics (so no BatchNorm is an identity).
/// </summary>
internal static partial class RandomWeights
{
    public static Dictionary<string, float[]> Create(LayerGraph graph, int seed)
    {
        Dictionary<string, Func<SeededNormal, double>> distributions = Distributions(graph);
        var draw = new SeededNormal(seed);
        var weights = new Dictionary<string, float[]>(StringComparer.Ordinal);
        // Drawing in the graph's weight order keeps the values a function of (graph, seed) alone.
        foreach (WeightTensor tensor in graph.Weights)
        {
            if (!distributions.TryGetValue(tensor.Key, out Func<SeededNormal, double>? next))
            {
                throw new InvalidOperationException($"Weight '{tensor.Key}' belongs to no op of the graph.");
            }
            var values = new float[tensor.Elements];
            for (int i = 0; i < values.Length; i++) values[i] = (float)next(draw);
            weights.Add(tensor.Key, values);
        }
        return weights;
    }

    private static Dictionary<string, Func<SeededNormal, double>> Distributions(LayerGraph graph)
    {
        var byKey = new Dictionary<string, Func<SeededNormal, double>>(StringComparer.Ordinal);
        Dictionary<string, double> gains = ConvolutionGains.For(graph);
        foreach (LayerOp op in graph.Ops)
        {
            switch (op)
            {
                case Conv2dOp conv:
                {
                    double std = Math.Sqrt(gains[conv.Name] / ((conv.InputShape.Channels / conv.Groups) * conv.Kernel * conv.Kernel));
                    byKey[conv.WeightKey] = d => std * d.Normal();
                    if (conv.BiasKey is not null) byKey[conv.BiasKey] = d => d.Uniform(-0.1, 0.1);
                    break;
                }
                case BatchNormOp bn:
                    byKey[bn.Name + ".weight"] = d => d.Uniform(0.5, 1.5);
                    byKey[bn.Name + ".bias"] = d => d.Uniform(-0.2, 0.2);
                    byKey[bn.Name + ".running_mean"] = d => d.Uniform(-0.2, 0.2);
                    byKey[bn.Name + ".running_var"] = d => d.Uniform(0.5, 2.0);
                    break;
                case LinearOp fc:
                {
                    double std = Math.Sqrt(1.0 / fc.InFeatures);
                    byKey[fc.WeightKey] = d => std * d.Normal();
                    if (fc.BiasKey is not null) byKey[fc.BiasKey] = d => d.Uniform(-0.1, 0.1);
                    break;
                }
            }
        }
        return byKey;
    }
}
