using System;
using System.Collections.Generic;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Reference.Ops;

namespace ShuffleNetGen.Reference;

/// <summary>
/// The independent oracle: interprets a <see cref="LayerGraph"/> one op at a time, each op a plain loop written from the PyTorch
/// module's definition (no BatchNorm folding, no fusion, nothing shared with the runtime kernels), summing in double.
/// </summary>
internal static class ReferenceExecutor
{
    /// <summary>
    /// Runs <paramref name="batch"/> NCHW images through the graph and returns its output tensor, batch-major
    /// (for a classifier, [batch, classes] logits). <paramref name="weights"/> is keyed by state_dict names.
    /// </summary>
    public static float[] Run(LayerGraph graph, IReadOnlyDictionary<string, float[]> weights, ReadOnlySpan<float> input, int batch) =>
        Run(graph, weights, input, batch, keep: null);

    /// <summary>
    /// As <see cref="Run(LayerGraph, IReadOnlyDictionary{string, float[]}, ReadOnlySpan{float}, int)"/>, and also copies out the
    /// tensors named in <paramref name="keep"/> (e.g. a feature point's tensor) as they are computed, batch-major NCHW.
    /// </summary>
    public static float[] Run(LayerGraph graph, IReadOnlyDictionary<string, float[]> weights, ReadOnlySpan<float> input, int batch,
        IDictionary<string, float[]>? keep)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch must hold at least one image.");
        long expected = batch * graph.InputShape.Elements;
        if (input.Length != expected)
        {
            throw new ArgumentException($"Input must hold {batch} x {graph.InputShape} = {expected} values, got {input.Length}.", nameof(input));
        }

        Dictionary<string, int> lastUse = LastUses(graph);
        var tensors = new Dictionary<string, Activation>(StringComparer.Ordinal)
        {
            [graph.InputTensor] = new Activation(batch, graph.InputShape, input.ToArray()),
        };
        for (int index = 0; index < graph.Ops.Count; index++)
        {
            LayerOp op = graph.Ops[index];
            Execute(op, tensors, weights);
            if (keep is not null)
            {
                foreach (string name in op.Outputs)
                {
                    if (keep.ContainsKey(name)) keep[name] = (float[])tensors[name].Data.Clone();
                }
            }
            // Drop what no later op reads, so a whole network's activations never pile up.
            foreach (string name in op.Inputs)
            {
                if (lastUse[name] == index && name != graph.OutputTensor) tensors.Remove(name);
            }
        }
        if (!tensors.TryGetValue(graph.OutputTensor, out Activation? output))
        {
            throw new InvalidOperationException($"No op produces the graph's output tensor '{graph.OutputTensor}'.");
        }
        return output.Data;
    }

    private static void Execute(LayerOp op, Dictionary<string, Activation> tensors, IReadOnlyDictionary<string, float[]> weights) =>
        op.Accept(new OpSemantics(tensors, weights));

    /// <summary>Each op's PyTorch semantics, reading its inputs from and writing its outputs to the live tensors.</summary>
    private sealed class OpSemantics : ILayerOpVisitor<bool>
    {
        private readonly Dictionary<string, Activation> _tensors;
        private readonly IReadOnlyDictionary<string, float[]> _weights;

        public OpSemantics(Dictionary<string, Activation> tensors, IReadOnlyDictionary<string, float[]> weights)
        {
            _tensors = tensors;
            _weights = weights;
        }

        public bool Visit(Conv2dOp conv)
        {
            Activation x = Read(_tensors, conv, conv.Input, conv.InputShape);
            float[] w = Weight(_weights, conv.WeightKey, (long)conv.OutShape.Channels * (conv.InputShape.Channels / conv.Groups) * conv.Kernel * conv.Kernel);
            float[]? b = conv.BiasKey is null ? null : Weight(_weights, conv.BiasKey, conv.OutShape.Channels);
            return Write(_tensors, conv, conv.Out, NaiveConv2d.Forward(x, conv, w, b));
        }

        public bool Visit(BatchNormOp bn)
        {
            Activation x = Read(_tensors, bn, bn.Input, bn.Shape);
            int c = bn.Shape.Channels;
            return Write(_tensors, bn, bn.Out, NaiveBatchNorm2d.Forward(x, bn,
                Weight(_weights, bn.WeightKey, c), Weight(_weights, bn.BiasKey, c),
                Weight(_weights, bn.RunningMeanKey, c), Weight(_weights, bn.RunningVarKey, c)));
        }

        public bool Visit(ActivationOp op) =>
            Write(_tensors, op, op.Out, NaiveElementwise.Activate(Read(_tensors, op, op.Input, op.Shape), op.Kind));

        public bool Visit(MaxPoolOp max) =>
            Write(_tensors, max, max.Out, NaivePooling.Max(Read(_tensors, max, max.Input, max.InputShape), max));

        public bool Visit(AvgPoolOp avg) =>
            Write(_tensors, avg, avg.Out, NaivePooling.Average(Read(_tensors, avg, avg.Input, avg.InputShape), avg));

        public bool Visit(GlobalAvgPoolOp mean) =>
            Write(_tensors, mean, mean.Out, NaivePooling.GlobalAverage(Read(_tensors, mean, mean.Input, mean.InputShape), mean));

        public bool Visit(ChannelSplitOp split)
        {
            if (split.InputShape.Channels % 2 != 0) throw new InvalidOperationException($"{split.Name}: chunk(2) of {split.InputShape} into equal halves.");
            var (first, second) = NaiveChannelOps.Chunk2(Read(_tensors, split, split.Input, split.InputShape));
            Write(_tensors, split, split.First, first);
            return Write(_tensors, split, split.Second, second);
        }

        public bool Visit(ConcatOp cat)
        {
            var parts = new List<Activation>();
            int channels = 0;
            foreach (string part in cat.Parts)
            {
                Activation a = Read(_tensors, cat, part, null);
                if (a.Shape.Height != cat.OutShape.Height || a.Shape.Width != cat.OutShape.Width)
                {
                    throw new InvalidOperationException($"{cat.Name}: part '{part}' is {a.Shape}, the concatenation is {cat.OutShape}.");
                }
                channels += a.Shape.Channels;
                parts.Add(a);
            }
            if (channels != cat.OutShape.Channels) throw new InvalidOperationException($"{cat.Name}: parts hold {channels} channels, the op says {cat.OutShape}.");
            return Write(_tensors, cat, cat.Out, NaiveChannelOps.Concat(parts, cat.OutShape));
        }

        public bool Visit(ChannelShuffleOp shuffle) =>
            Write(_tensors, shuffle, shuffle.Out, NaiveChannelOps.Shuffle(Read(_tensors, shuffle, shuffle.Input, shuffle.Shape), shuffle.Groups, shuffle.Order));

        public bool Visit(AddOp add) =>
            Write(_tensors, add, add.Out, NaiveElementwise.Add(Read(_tensors, add, add.A, add.Shape), Read(_tensors, add, add.B, add.Shape)));

        public bool Visit(ChannelScaleOp se) =>
            Write(_tensors, se, se.Out, NaiveElementwise.ScaleChannels(Read(_tensors, se, se.Input, se.Shape),
                Read(_tensors, se, se.Scale, new TensorShape(se.Shape.Channels, 1, 1))));

        public bool Visit(LinearOp fc)
        {
            Activation x = Read(_tensors, fc, fc.Input, null);
            if (x.Shape.Elements != fc.InFeatures) throw new InvalidOperationException($"{fc.Name}: input {x.Shape} does not flatten to {fc.InFeatures} features.");
            float[] w = Weight(_weights, fc.WeightKey, (long)fc.OutFeatures * fc.InFeatures);
            float[]? b = fc.BiasKey is null ? null : Weight(_weights, fc.BiasKey, fc.OutFeatures);
            return Write(_tensors, fc, fc.Out, NaiveLinear.Forward(x, fc, w, b));
        }
    }

    private static Activation Read(Dictionary<string, Activation> tensors, LayerOp op, string name, TensorShape? expected)
    {
        if (!tensors.TryGetValue(name, out Activation? a))
        {
            throw new InvalidOperationException($"{op.Name}: input tensor '{name}' is not produced by any earlier op.");
        }
        if (expected is not null && a.Shape != expected)
        {
            throw new InvalidOperationException($"{op.Name}: input tensor '{name}' is {a.Shape}, the op expects {expected}.");
        }
        return a;
    }

    private static bool Write(Dictionary<string, Activation> tensors, LayerOp op, string name, Activation value) =>
        tensors.TryAdd(name, value) ? true : throw new InvalidOperationException($"{op.Name}: tensor '{name}' is assigned twice.");

    private static float[] Weight(IReadOnlyDictionary<string, float[]> weights, string key, long length)
    {
        if (!weights.TryGetValue(key, out float[]? values)) throw new KeyNotFoundException($"Weight '{key}' is missing.");
        if (values.LongLength != length) throw new ArgumentException($"Weight '{key}' must hold {length} values, got {values.LongLength}.", nameof(weights));
        return values;
    }

    private static Dictionary<string, int> LastUses(LayerGraph graph)
    {
        var lastUse = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int index = 0; index < graph.Ops.Count; index++)
        {
            foreach (string name in graph.Ops[index].Inputs) lastUse[name] = index;
        }
        return lastUse;
    }
}
