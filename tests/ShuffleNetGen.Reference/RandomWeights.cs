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
        var draws = new Draws(ConvolutionGains.For(graph));
        foreach (LayerOp op in graph.Ops)
        {
            foreach (var (key, draw) in op.Accept(draws)) byKey[key] = draw;
        }
        return byKey;
    }

    /// <summary>The distribution of each tensor an op owns.</summary>
    private sealed class Draws : ILayerOpVisitor<IEnumerable<(string Key, Func<SeededNormal, double> Draw)>>
    {
        private static readonly (string, Func<SeededNormal, double>)[] None = [];
        private readonly Dictionary<string, double> _gains;

        public Draws(Dictionary<string, double> gains) => _gains = gains;

        public IEnumerable<(string, Func<SeededNormal, double>)> Visit(Conv2dOp conv)
        {
            double std = Math.Sqrt(_gains[conv.Name] / ((conv.InputShape.Channels / conv.Groups) * conv.Kernel * conv.Kernel));
            yield return (conv.WeightKey, d => std * d.Normal());
            if (conv.BiasKey is not null) yield return (conv.BiasKey, d => d.Uniform(-0.1, 0.1));
        }

        public IEnumerable<(string, Func<SeededNormal, double>)> Visit(BatchNormOp bn) =>
        [
            (bn.WeightKey, d => d.Uniform(0.5, 1.5)),
            (bn.BiasKey, d => d.Uniform(-0.2, 0.2)),
            (bn.RunningMeanKey, d => d.Uniform(-0.2, 0.2)),
            (bn.RunningVarKey, d => d.Uniform(0.5, 2.0)),
        ];

        public IEnumerable<(string, Func<SeededNormal, double>)> Visit(LinearOp fc)
        {
            double std = Math.Sqrt(1.0 / fc.InFeatures);
            yield return (fc.WeightKey, d => std * d.Normal());
            if (fc.BiasKey is not null) yield return (fc.BiasKey, d => d.Uniform(-0.1, 0.1));
        }

        public IEnumerable<(string, Func<SeededNormal, double>)> Visit(ActivationOp op) => None;
        public IEnumerable<(string, Func<SeededNormal, double>)> Visit(MaxPoolOp op) => None;
        public IEnumerable<(string, Func<SeededNormal, double>)> Visit(AvgPoolOp op) => None;
        public IEnumerable<(string, Func<SeededNormal, double>)> Visit(GlobalAvgPoolOp op) => None;
        public IEnumerable<(string, Func<SeededNormal, double>)> Visit(ChannelSplitOp op) => None;
        public IEnumerable<(string, Func<SeededNormal, double>)> Visit(ConcatOp op) => None;
        public IEnumerable<(string, Func<SeededNormal, double>)> Visit(ChannelShuffleOp op) => None;
        public IEnumerable<(string, Func<SeededNormal, double>)> Visit(AddOp op) => None;
        public IEnumerable<(string, Func<SeededNormal, double>)> Visit(ChannelScaleOp op) => None;
    }
}
