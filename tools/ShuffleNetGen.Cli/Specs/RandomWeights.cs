using System;
using System.Linq;
using ShuffleNetGen.Runtime;
using ShuffleNetGen.Runtime.Weights;

namespace ShuffleNetGen.Cli.Specs;

/// <summary>
/// Seeded stand-in weights for timing a spec that has none: every tensor <c>Info.Tensors</c> lists, convolution and linear
/// weights uniform with variance 1/fan-in (activations stay of order one, so no denormals skew the times), BatchNorm as
/// PyTorch initialises it (weight 1, bias 0, mean 0, variance 1), biases 0. The logits mean nothing.
/// </summary>
internal static class RandomWeights
{
    public static void Write(ModelInfo info, string path, int seed = 1234)
    {
        var random = new Random(seed);
        var tensors = info.Tensors.Select(t => SafetensorsTensor.FromFloats(t.Key, t.Shape.ToArray(), Values(t, info, random))).ToList();
        SafetensorsWriter.Write(path, tensors);
    }

    private static float[] Values(WeightTensorInfo tensor, ModelInfo info, Random random)
    {
        int count = tensor.Shape.Aggregate(1, (a, b) => a * b);
        var values = new float[count];
        if (tensor.Shape.Count > 1)
        {
            int fanIn = count / tensor.Shape[0];
            float bound = MathF.Sqrt(3f / fanIn);
            for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1) * bound;
        }
        else if (tensor.Key.EndsWith(".running_var", StringComparison.Ordinal) || IsBatchNormScale(tensor, info))
        {
            Array.Fill(values, 1f);
        }
        return values;
    }

    private static bool IsBatchNormScale(WeightTensorInfo tensor, ModelInfo info) =>
        tensor.Key.EndsWith(".weight", StringComparison.Ordinal)
        && info.Tensors.Any(t => t.Key == tensor.Key[..^".weight".Length] + ".running_var");
}
