using System;
using System.Collections.Generic;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Runtime.Weights;

namespace ShuffleNetGen.Reference;

internal static partial class RandomWeights
{
    /// <summary>
    /// Writes <paramref name="weights"/> as a PyTorch <c>state_dict</c> would be saved by <c>safetensors.torch.save_file</c>:
    /// the graph's keys and shapes in <paramref name="dtype"/> (F32, F16 or BF16), plus an I64 scalar
    /// <c>num_batches_tracked</c> per BatchNorm. For F16/BF16 every value in <paramref name="weights"/> is replaced by its
    /// rounded value (nearest, ties to even) so the oracle computes with what the file holds; returns the same dictionary.
    /// </summary>
    public static Dictionary<string, float[]> WriteSafetensors(LayerGraph graph, Dictionary<string, float[]> weights, string path,
        SafetensorsDType dtype = SafetensorsDType.F32)
    {
        SafetensorsWriter.Write(path, StateDict(graph, weights, dtype), new Dictionary<string, string> { ["format"] = "pt" });
        return weights;
    }

    /// <summary>
    /// The tensors <see cref="WriteSafetensors"/> writes, for tests that drop or alter some before writing; rounds
    /// <paramref name="weights"/> in place the same way.
    /// </summary>
    public static List<SafetensorsTensor> StateDict(LayerGraph graph, Dictionary<string, float[]> weights,
        SafetensorsDType dtype = SafetensorsDType.F32)
    {
        Func<float, float> round = dtype switch
        {
            SafetensorsDType.F32 => v => v,
            SafetensorsDType.F16 => v => (float)(Half)v,
            SafetensorsDType.BF16 => RoundToBFloat16,
            _ => throw new ArgumentException($"Weights are written as F32, F16 or BF16, not {dtype}.", nameof(dtype)),
        };
        var tensors = new List<SafetensorsTensor>();
        foreach (WeightTensor tensor in graph.Weights)
        {
            if (!weights.TryGetValue(tensor.Key, out float[]? values)) throw new KeyNotFoundException($"Weight '{tensor.Key}' is missing.");
            var rounded = new float[values.Length];
            for (int i = 0; i < rounded.Length; i++) rounded[i] = round(values[i]);
            weights[tensor.Key] = rounded;
            // The rounded values are exact in the narrow type, so the writer's own rounding cannot move them again.
            tensors.Add(SafetensorsTensor.FromFloats(tensor.Key, [.. tensor.Shape], rounded, dtype));
        }
        foreach (LayerOp op in graph.Ops)
        {
            // PyTorch's BatchNorm2d buffer: a 0-dimensional int64 tensor, unused in eval mode.
            if (op.Accept(BatchCounter.Instance) is string key) tensors.Add(SafetensorsTensor.FromInt64(key, [], [0L]));
        }
        return tensors;
    }

    /// <summary>The key of the op's int64 <c>num_batches_tracked</c> buffer, for a BatchNorm; else null.</summary>
    private sealed class BatchCounter : ILayerOpVisitor<string?>
    {
        public static readonly BatchCounter Instance = new();

        public string? Visit(BatchNormOp op) => op.NumBatchesTrackedKey;
        public string? Visit(Conv2dOp op) => null;
        public string? Visit(ActivationOp op) => null;
        public string? Visit(MaxPoolOp op) => null;
        public string? Visit(AvgPoolOp op) => null;
        public string? Visit(GlobalAvgPoolOp op) => null;
        public string? Visit(ChannelSplitOp op) => null;
        public string? Visit(ConcatOp op) => null;
        public string? Visit(ChannelShuffleOp op) => null;
        public string? Visit(AddOp op) => null;
        public string? Visit(LinearOp op) => null;
        public string? Visit(ChannelScaleOp op) => null;
    }

    /// <summary>bfloat16 keeps a float32's upper 16 bits; round the dropped 16 to nearest, ties to even (finite inputs only).</summary>
    private static float RoundToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        uint roundingBias = 0x7FFFu + ((bits >> 16) & 1u);
        return BitConverter.UInt32BitsToSingle((bits + roundingBias) & 0xFFFF0000u);
    }
}
