using System.Text;
using ShuffleNetGen.Onnx.Model;
using ShuffleNetGen.Onnx.Protobuf;
using Xunit;

namespace ShuffleNetGen.Onnx.Tests.Model;

/// <summary>Small ONNX messages decoded by hand, byte by byte, against the field numbers of onnx/onnx.proto.</summary>
public sealed class OnnxSerializerTests
{
    private static byte[] Encode<T>(T message, System.Action<ProtoWriter, T> write)
    {
        var w = new ProtoWriter();
        write(w, message);
        return w.ToArray();
    }

    [Fact]
    public void IntAttribute_IsNameThenIThenType()
    {
        byte[] bytes = Encode(OnnxAttribute.Of("axis", 1L), OnnxSerializer.WriteAttribute);
        // name (1, "axis"), i (3) = 1, type (20) = INT (2).
        Assert.Equal(new byte[] { 0x0A, 0x04, (byte)'a', (byte)'x', (byte)'i', (byte)'s', 0x18, 0x01, 0xA0, 0x01, 0x02 }, bytes);
    }

    [Fact]
    public void IntsAttribute_RepeatsTheUnpackedField()
    {
        byte[] bytes = Encode(OnnxAttribute.Of("perm", 0L, 2L, 1L), OnnxSerializer.WriteAttribute);
        // ints (8) once per element, wire type 0: tag 0x40; type (20) = INTS (7).
        Assert.Equal(new byte[] { 0x0A, 0x04, (byte)'p', (byte)'e', (byte)'r', (byte)'m', 0x40, 0x00, 0x40, 0x02, 0x40, 0x01, 0xA0, 0x01, 0x07 }, bytes);
    }

    [Fact]
    public void FloatAttribute_IsFixed32FieldTwo()
    {
        byte[] bytes = Encode(OnnxAttribute.Of("epsilon", 1e-5f), OnnxSerializer.WriteAttribute);
        ProtoFields fields = ProtoFields.Parse(bytes);
        Assert.Equal("epsilon", fields.Single(1).Text);
        Assert.Equal(5, fields.Single(2).WireType);
        Assert.Equal(1e-5f, fields.Single(2).Float);
        Assert.Equal(1L, fields.Single(20).Int64);
    }

    [Fact]
    public void Int64Tensor_HasDimsTypeNameAndLittleEndianRawData()
    {
        byte[] bytes = Encode(OnnxTensor.FromInt64s("s", 3L, -1L), OnnxSerializer.WriteTensor);
        byte[] expected =
        [
            0x08, 0x02,             // dims (1) = 2
            0x10, 0x07,             // data_type (2) = INT64
            0x42, 0x01, (byte)'s',  // name (8)
            0x4A, 0x10,             // raw_data (9), 16 bytes
            0x03, 0, 0, 0, 0, 0, 0, 0,
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Node_ListsInputsOutputsNameOpTypeAttributes()
    {
        var node = new OnnxNode("Relu", "r", ["x"], ["y"], []);
        byte[] bytes = Encode(node, OnnxSerializer.WriteNode);
        Assert.Equal(Encoding.ASCII.GetBytes("\n\u0001x\u0012\u0001y\u001a\u0001r\"\u0004Relu"), bytes);
    }

    [Fact]
    public void ValueInfo_NestsTypeTensorTypeShapeAndDimensions()
    {
        var info = new OnnxValueInfo("logits", OnnxDataType.Float, [OnnxDimension.Symbolic("N"), OnnxDimension.Fixed(1000)]);
        ProtoFields fields = ProtoFields.Parse(Encode(info, OnnxSerializer.WriteValueInfo));
        Assert.Equal("logits", fields.Single(1).Text);
        ProtoFields tensorType = fields.Single(2).Message.Single(1).Message;
        Assert.Equal(1L, tensorType.Single(1).Int64);
        ProtoField[] dims = [.. tensorType.Single(2).Message.All(1)];
        Assert.Equal(2, dims.Length);
        Assert.Equal("N", dims[0].Message.Single(2).Text);
        Assert.Equal(1000L, dims[1].Message.Single(1).Int64);
    }

    [Fact]
    public void Model_HasIrVersionProducerGraphAndDefaultDomainOpset()
    {
        var graph = new OnnxGraph("g", [], [], [], []);
        ProtoFields model = ProtoFields.Parse(OnnxSerializer.Serialize(OnnxModel.Create(graph)));
        Assert.Equal(8L, model.Single(1).Int64);
        Assert.Equal("ShuffleNetGen", model.Single(2).Text);
        Assert.Equal("g", model.Single(7).Message.Single(2).Text);
        ProtoFields opset = model.Single(8).Message;
        Assert.Equal("", opset.Single(1).Text);
        Assert.Equal(17L, opset.Single(2).Int64);
    }
}
