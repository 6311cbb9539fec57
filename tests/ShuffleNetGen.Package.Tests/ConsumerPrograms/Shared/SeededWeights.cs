// Compiled into every consumer project beside its Program.cs.
using ShuffleNetGen.Runtime;
using ShuffleNetGen.Runtime.Weights;

/// <summary>
/// Seeded random weights under a model's own state_dict keys (what torchvision's model().state_dict() saved with safetensors
/// would hold), written as safetensors.
/// </summary>
internal static class SeededWeights
{
    /// <summary>Writes the file and returns how many tensors it holds.</summary>
    public static int Write(IEnumerable<WeightTensorInfo> model, Random random, string path)
    {
        var tensors = new List<SafetensorsTensor>();
        foreach (WeightTensorInfo tensor in model)
        {
            int[] shape = tensor.Shape.ToArray();
            var values = new float[shape.Aggregate(1, (count, dimension) => count * dimension)];
            bool variance = tensor.Key.EndsWith(".running_var", StringComparison.Ordinal);
            for (int i = 0; i < values.Length; i++)
            {
                // Variances must be positive; everything else small and centred, so the logits stay finite.
                values[i] = variance ? 0.5f + random.NextSingle() : 0.2f * (random.NextSingle() - 0.5f);
            }

            tensors.Add(SafetensorsTensor.FromFloats(tensor.Key, shape, values));
            if (tensor.Key.EndsWith(".running_mean", StringComparison.Ordinal))
            {
                // PyTorch saves a scalar int64 counter beside each BatchNorm's statistics; loading ignores it.
                string counter = tensor.Key[..^".running_mean".Length] + ".num_batches_tracked";
                tensors.Add(SafetensorsTensor.FromInt64(counter, [], [100L]));
            }
        }

        SafetensorsWriter.Write(path, tensors);
        return tensors.Count;
    }
}
