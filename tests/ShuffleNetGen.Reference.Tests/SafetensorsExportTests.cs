using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Runtime.Weights;
using Xunit;

namespace ShuffleNetGen.Reference.Tests;

public class SafetensorsExportTests
{
    [Theory]
    [InlineData("F32")]
    [InlineData("F16")]
    [InlineData("BF16")]
    public void WrittenFile_HoldsExactlyTheReturnedValues_PlusNumBatchesTracked(string dtypeName)
    {
        SafetensorsDType dtype = Enum.Parse<SafetensorsDType>(dtypeName);
        LayerGraph graph = CanonicalV2.Graph("0_5", height: 64, widthPixels: 64);
        Dictionary<string, float[]> original = RandomWeights.Create(graph, seed: 21);
        Dictionary<string, float[]> weights = original.ToDictionary(e => e.Key, e => (float[])e.Value.Clone());
        string path = Path.Combine(Path.GetTempPath(), $"sng-reference-{dtypeName}-{Guid.NewGuid():N}.safetensors");
        try
        {
            Dictionary<string, float[]> written = RandomWeights.WriteSafetensors(graph, weights, path, dtype);

            Assert.Same(weights, written);
            using SafetensorsFile file = SafetensorsFile.Open(path);
            foreach (WeightTensor w in graph.Weights)
            {
                Assert.Equal(dtype, file.Tensors[w.Key].DType);
                var read = new float[w.Elements];
                file.ReadFloat32(w.Key, w.Shape.ToArray(), read);
                // A storage round trip of values exact in the file's type: bit-for-bit equality is the contract.
                Assert.Equal(written[w.Key], read);
                // Rounding to 8 (BF16) or 11 (F16) significant bits moves a value by at most half an ulp of that precision.
                double step = dtype switch { SafetensorsDType.BF16 => 1.0 / 256, SafetensorsDType.F16 => 1.0 / 2048, _ => 0 };
                for (int i = 0; i < read.Length; i++)
                {
                    double o = original[w.Key][i];
                    Assert.True(Math.Abs(read[i] - o) <= step * Math.Abs(o) + 6e-8, $"{w.Key}[{i}]: {o} stored as {read[i]}");
                }
            }
            BatchNormOp[] norms = graph.Ops.OfType<BatchNormOp>().ToArray();
            foreach (BatchNormOp bn in norms)
            {
                SafetensorsTensorInfo counter = file.Tensors[bn.Name + ".num_batches_tracked"];
                Assert.Equal(SafetensorsDType.I64, counter.DType);
                Assert.Empty(counter.Shape);
            }
            Assert.Equal(graph.Weights.Count + norms.Length, file.Tensors.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void F32Export_LeavesValuesUnchanged()
    {
        LayerGraph graph = CanonicalV2.Graph("0_5", height: 64, widthPixels: 64);
        Dictionary<string, float[]> weights = RandomWeights.Create(graph, seed: 22);
        float[] before = (float[])weights["fc.weight"].Clone();
        string path = Path.Combine(Path.GetTempPath(), $"sng-reference-f32-{Guid.NewGuid():N}.safetensors");
        try
        {
            RandomWeights.WriteSafetensors(graph, weights, path);

            Assert.Equal(before, weights["fc.weight"]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
