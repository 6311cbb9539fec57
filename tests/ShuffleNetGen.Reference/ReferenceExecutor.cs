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
    public static float[] Run(LayerGraph graph, IReadOnlyDictionary<string, float[]> weights, ReadOnlySpan<float> input, int batch)
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

    private static void Execute(LayerOp op, Dictionary<string, Activation> tensors, IReadOnlyDictionary<string, float[]> weights)
    {
        switch (op)
        {
            case Conv2dOp conv:
            {
                Activation x = Read(tensors, op, conv.Input, conv.InputShape);
                float[] w = Weight(weights, conv.WeightKey, (long)conv.OutShape.Channels * (conv.InputShape.Channels / conv.Groups) * conv.Kernel * conv.Kernel);
                float[]? b = conv.BiasKey is null ? null : Weight(weights, conv.BiasKey, conv.OutShape.Channels);
                Write(tensors, op, conv.Out, NaiveConv2d.Forward(x, conv, w, b));
                break;
            }
            case BatchNormOp bn:
            {
                Activation x = Read(tensors, op, bn.Input, bn.Shape);
                int c = bn.Shape.Channels;
                Write(tensors, op, bn.Out, NaiveBatchNorm2d.Forward(x, bn,
                    Weight(weights, bn.Name + ".weight", c), Weight(weights, bn.Name + ".bias", c),
                    Weight(weights, bn.Name + ".running_mean", c), Weight(weights, bn.Name + ".running_var", c)));
                break;
            }
            case ReluOp relu:
                Write(tensors, op, relu.Out, NaiveElementwise.Relu(Read(tensors, op, relu.Input, relu.Shape)));
                break;
            case MaxPoolOp max:
                Write(tensors, op, max.Out, NaivePooling.Max(Read(tensors, op, max.Input, max.InputShape), max));
                break;
            case AvgPoolOp avg:
                Write(tensors, op, avg.Out, NaivePooling.Average(Read(tensors, op, avg.Input, avg.InputShape), avg));
                break;
            case GlobalAvgPoolOp mean:
                Write(tensors, op, mean.Out, NaivePooling.GlobalAverage(Read(tensors, op, mean.Input, mean.InputShape), mean));
                break;
            case ChannelSplitOp split:
            {
                if (split.InputShape.Channels % 2 != 0) throw new InvalidOperationException($"{op.Name}: chunk(2) of {split.InputShape} into equal halves.");
                var (first, second) = NaiveChannelOps.Chunk2(Read(tensors, op, split.Input, split.InputShape));
                Write(tensors, op, split.First, first);
                Write(tensors, op, split.Second, second);
                break;
            }
            case ConcatOp cat:
            {
                var parts = new List<Activation>();
                int channels = 0;
                foreach (string part in cat.Parts)
                {
                    Activation a = Read(tensors, op, part, null);
                    if (a.Shape.Height != cat.OutShape.Height || a.Shape.Width != cat.OutShape.Width)
                    {
                        throw new InvalidOperationException($"{op.Name}: part '{part}' is {a.Shape}, the concatenation is {cat.OutShape}.");
                    }
                    channels += a.Shape.Channels;
                    parts.Add(a);
                }
                if (channels != cat.OutShape.Channels) throw new InvalidOperationException($"{op.Name}: parts hold {channels} channels, the op says {cat.OutShape}.");
                Write(tensors, op, cat.Out, NaiveChannelOps.Concat(parts, cat.OutShape));
                break;
            }
            case ChannelShuffleOp shuffle:
                Write(tensors, op, shuffle.Out, NaiveChannelOps.Shuffle(Read(tensors, op, shuffle.Input, shuffle.Shape), shuffle.Groups, shuffle.Order));
                break;
            case AddOp add:
                Write(tensors, op, add.Out, NaiveElementwise.Add(Read(tensors, op, add.A, add.Shape), Read(tensors, op, add.B, add.Shape)));
                break;
            case LinearOp fc:
            {
                Activation x = Read(tensors, op, fc.Input, null);
                if (x.Shape.Elements != fc.InFeatures) throw new InvalidOperationException($"{op.Name}: input {x.Shape} does not flatten to {fc.InFeatures} features.");
                float[] w = Weight(weights, fc.WeightKey, (long)fc.OutFeatures * fc.InFeatures);
                float[]? b = fc.BiasKey is null ? null : Weight(weights, fc.BiasKey, fc.OutFeatures);
                Write(tensors, op, fc.Out, NaiveLinear.Forward(x, fc, w, b));
                break;
            }
            default:
                throw new NotSupportedException($"{op.Name}: the reference executor has no semantics for {op.GetType().Name}.");
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

    private static void Write(Dictionary<string, Activation> tensors, LayerOp op, string name, Activation value)
    {
        if (!tensors.TryAdd(name, value)) throw new InvalidOperationException($"{op.Name}: tensor '{name}' is assigned twice.");
    }

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
