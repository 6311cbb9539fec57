using System;
using System.IO;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Spec;
using ShuffleNetGen.Onnx.Tests.Export;
using ShuffleNetGen.Onnx.Tests.Model;
using ShuffleNetGen.Reference;
using Xunit;

namespace ShuffleNetGen.Onnx.Tests.Ort;

/// <summary>
/// SqueezeNet 1.0 and 1.1 with seeded random weights, exported and run in ONNX Runtime, against the reference executor at
/// 224x224 and 227x227; and the export's pools as torch.onnx writes MaxPool2d(3, 2, ceil_mode=True).
/// </summary>
public sealed class SqueezeNetOrtTests
{
    private static LayerGraph Lower(ModelSpec spec) =>
        ModelLowering.Lower(spec).Graph ?? throw new InvalidOperationException($"{spec.Name} failed to lower.");

    [Theory]
    [InlineData("1_0", 224)]
    [InlineData("1_1", 224)]
    [InlineData("1_1", 227)]
    public void OrtLogitsMatchTheReferenceExecutor_Batch1And2(string version, int size) =>
        ReferenceAgreement.AssertOrtMatchesTheReferenceExecutor(Lower(TestSpecs.SqueezeNet(version, size)), weightSeed: 2016, inputSeed: 23);

    [Fact]
    public void EveryPoolIsCeilModeMaxPoolWithoutPadding_AndTheLogitsAreFlattened()
    {
        LayerGraph graph = Lower(TestSpecs.SqueezeNet("1_0"));
        using var files = new TestFiles();
        ProtoFields model = ProtoFields.Parse(File.ReadAllBytes(files.ExportOnnx(graph, RandomWeights.Create(graph, seed: 4)))).Single(7).Message;
        ProtoFields[] nodes = model.All(1).Select(f => f.Message).ToArray();

        ProtoFields[] pools = nodes.Where(n => n.Single(4).Text == "MaxPool").ToArray();
        Assert.Equal(3, pools.Length);
        Assert.All(pools, pool =>
        {
            var attributes = pool.All(5).Select(f => f.Message).ToDictionary(a => a.Single(1).Text);
            Assert.Equal(1L, attributes["ceil_mode"].Single(3).Int64);
            // Packed or not, every pad is zero.
            Assert.All(attributes["pads"].All(8), pad => Assert.True(pad.Varint == 0 && pad.Bytes.All(b => b == 0)));
        });
        Assert.Equal(8, nodes.Count(n => n.Single(4).Text == "Concat"));
        Assert.Equal(new[] { "GlobalAveragePool", "Flatten" }, nodes[^2..].Select(n => n.Single(4).Text).ToArray());
    }
}
