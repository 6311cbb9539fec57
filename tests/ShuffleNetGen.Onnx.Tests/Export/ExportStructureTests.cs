using System.IO;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Onnx.Tests.Model;
using Xunit;

namespace ShuffleNetGen.Onnx.Tests.Export;

/// <summary>The exported tiny graph, decoded with the test-side protobuf reader: the ops, attributes and tensors PyTorch would write.</summary>
public sealed class ExportStructureTests
{
    private static ProtoFields ExportTinyGraph(out LayerGraph graph)
    {
        graph = TinyGraph.Build();
        using var files = new TestFiles();
        string path = files.ExportOnnx(graph, TinyGraph.Weights(graph, seed: 3));
        return ProtoFields.Parse(File.ReadAllBytes(path));
    }

    private static ProtoFields[] Nodes(ProtoFields model) => model.Single(7).Message.All(1).Select(f => f.Message).ToArray();

    private static ProtoFields NodeNamed(ProtoFields model, string name) => Nodes(model).Single(n => n.Single(3).Text == name);

    private static long[] Ints(ProtoFields node, string attribute) =>
        node.All(5).Select(a => a.Message).Single(a => a.Single(1).Text == attribute).All(8).Select(f => f.Int64).ToArray();

    [Fact]
    public void Nodes_FollowTheGraphOpByOp()
    {
        ProtoFields model = ExportTinyGraph(out _);
        string[] ops = Nodes(model).Select(n => n.Single(4).Text).ToArray();
        string[] expected =
        [
            "Conv", "BatchNormalization", "Relu", "MaxPool", "Split", "Conv", "Conv", "Concat",
            "Reshape", "Transpose", "Reshape", "Reshape", "Transpose", "Reshape",
            "AveragePool", "Add", "GlobalAveragePool", "Flatten", "Gemm",
        ];
        Assert.Equal(expected, ops);
    }

    [Fact]
    public void InputAndOutput_HaveASymbolicBatchDimension()
    {
        ProtoFields graph = ExportTinyGraph(out _).Single(7).Message;
        static string[] Dims(ProtoFields valueInfo) =>
            valueInfo.Single(2).Message.Single(1).Message.Single(2).Message.All(1)
                .Select(d => d.Message.All(2).Any() ? d.Message.Single(2).Text : d.Message.Single(1).Int64.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .ToArray();
        ProtoFields input = graph.Single(11).Message, output = graph.Single(12).Message;
        Assert.Equal("input", input.Single(1).Text);
        Assert.Equal(["N", "3", "13", "11"], Dims(input));
        Assert.Equal("logits", output.Single(1).Text);
        Assert.Equal(["N", "5"], Dims(output));
    }

    [Fact]
    public void Initializers_AreEveryWeightAtItsStateDictShape()
    {
        ProtoFields model = ExportTinyGraph(out LayerGraph graph);
        var initializers = model.Single(7).Message.All(5).Select(f => f.Message).ToDictionary(t => t.Single(8).Text);
        foreach (WeightTensor w in graph.Weights)
        {
            ProtoFields t = initializers[w.Key];
            Assert.Equal(w.Shape.Select(d => (long)d).ToArray(), t.All(1).Select(d => d.Int64).ToArray());
            Assert.Equal(1L, t.Single(2).Int64);
            Assert.Equal(w.Elements * 4, t.Single(9).Bytes.LongLength);
        }
    }

    [Fact]
    public void ShuffleViews_AreGroupsFirstForThePaperAndGroupsLastForMegvii()
    {
        ProtoFields model = ExportTinyGraph(out _);
        var initializers = model.Single(7).Message.All(5).Select(f => f.Message).ToDictionary(t => t.Single(8).Text);
        static long[] Int64s(ProtoFields t) =>
            Enumerable.Range(0, t.Single(9).Bytes.Length / 8).Select(i => System.BitConverter.ToInt64(t.Single(9).Bytes, i * 8)).ToArray();
        // 12 channels of 4x3: paper g = 3 views (3, 4); Megvii g = 2 views (6, 2); 0 copies the batch.
        Assert.Equal([0L, 3, 4, 4, 3], Int64s(initializers["unit.shuffle.grouped_shape"]));
        Assert.Equal([0L, 6, 2, 4, 3], Int64s(initializers["unit.megvii_shuffle.grouped_shape"]));
        Assert.Equal([0L, 2, 1, 3, 4], Ints(NodeNamed(model, "unit.shuffle.transpose"), "perm"));
        Assert.Equal([6L, 6], Int64s(initializers["unit.chunk.split"]));
    }

    [Fact]
    public void ConvAndGemm_CarryPyTorchsAttributesAndOptionalInputs()
    {
        ProtoFields model = ExportTinyGraph(out _);
        ProtoFields stem = NodeNamed(model, "stem.0"), pointwise = NodeNamed(model, "unit.pw"), fc = NodeNamed(model, "fc");
        Assert.Equal(["input", "stem.0.weight", "stem.0.bias"], stem.All(1).Select(f => f.Text).ToArray());
        Assert.Equal([1L, 1, 1, 1], Ints(stem, "pads"));
        Assert.Equal([2L, 2], Ints(stem, "strides"));
        Assert.Equal(2L, pointwise.All(5).Select(a => a.Message).Single(a => a.Single(1).Text == "group").Single(3).Int64);
        Assert.Equal(2, pointwise.All(1).Count());
        Assert.Equal(["fc:flat", "fc.weight"], fc.All(1).Select(f => f.Text).ToArray());
        Assert.Equal(["logits"], fc.All(2).Select(f => f.Text).ToArray());
        Assert.Equal(1L, NodeNamed(model, "avg").All(5).Select(a => a.Message).Single(a => a.Single(1).Text == "count_include_pad").Single(3).Int64);
    }
}
