using System;
using System.IO;
using System.Linq;
using ShuffleNetGen.Runtime;
using ShuffleNetGen.Runtime.Weights;

namespace ShuffleNetGen.Samples;

/// <summary>
/// Seeded random weights under a model's own state_dict keys and shapes (<c>Info.Tensors</c>), with sane BatchNorm
/// statistics: what the samples run on when no trained weights are given (the timing is real, the classes are not).
/// </summary>
internal static class RandomWeights
{
    public static void Write(ModelInfo info, string path, int seed) => SafetensorsWriter.Write(path, Tensors(info, seed));

    /// <summary>The same weights as a safetensors stream in memory, positioned at its start.</summary>
    public static Stream Stream(ModelInfo info, int seed)
    {
        var stream = new MemoryStream();
        SafetensorsWriter.Write(stream, Tensors(info, seed));
        stream.Position = 0;
        return stream;
    }

    private static SafetensorsTensor[] Tensors(ModelInfo info, int seed)
    {
        var random = new Random(seed);
        return info.Tensors.Select(t =>
        {
            int[] shape = t.Shape.ToArray();
            int count = shape.Aggregate(1, (a, b) => a * b);
            int fanIn = shape.Length > 1 ? count / shape[0] : 1;
            var values = new float[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = t.Key.EndsWith(".running_var", StringComparison.Ordinal) ? 0.5f + (float)random.NextDouble()
                    : t.Key.EndsWith(".running_mean", StringComparison.Ordinal) ? 0.1f * (float)(random.NextDouble() - 0.5)
                    : shape.Length == 1 && t.Key.EndsWith(".weight", StringComparison.Ordinal) ? 0.5f + (float)random.NextDouble()
                    : shape.Length == 1 ? 0.1f * (float)(random.NextDouble() - 0.5)
                    : (float)((random.NextDouble() * 2 - 1) * Math.Sqrt(3.0 / fanIn));
            }
            return SafetensorsTensor.FromFloats(t.Key, shape, values);
        }).ToArray();
    }
}
