using System.IO;
using ShuffleNetGen.Onnx.Protobuf;

namespace ShuffleNetGen.Onnx.Model;

/// <summary>
/// Encodes the ONNX subset as protobuf, with the field numbers of onnx/onnx <c>onnx/onnx.proto</c>.
/// Repeated int64 fields (<c>dims</c>, <c>ints</c>) are proto2 fields without <c>[packed = true]</c>, so each element gets its own tag.
/// </summary>
internal static class OnnxSerializer
{
    public static void Write(OnnxModel model, Stream output)
    {
        var writer = new ProtoWriter(1 << 16);
        WriteModel(writer, model);
        writer.CopyTo(output);
    }

    public static byte[] Serialize(OnnxModel model)
    {
        var writer = new ProtoWriter(1 << 16);
        WriteModel(writer, model);
        return writer.ToArray();
    }

    /// <summary>ModelProto: ir_version = 1, producer_name = 2, graph = 7, opset_import = 8.</summary>
    internal static void WriteModel(ProtoWriter w, OnnxModel model)
    {
        w.WriteInt64(1, model.IrVersion);
        w.WriteString(2, model.ProducerName);
        w.WriteMessage(7, model.Graph, WriteGraph);
        w.WriteMessage(8, model.OpsetVersion, WriteOpsetImport);
    }

    /// <summary>OperatorSetIdProto: domain = 1 (empty: ai.onnx), version = 2.</summary>
    internal static void WriteOpsetImport(ProtoWriter w, long version)
    {
        w.WriteString(1, "");
        w.WriteInt64(2, version);
    }

    /// <summary>GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12.</summary>
    internal static void WriteGraph(ProtoWriter w, OnnxGraph graph)
    {
        foreach (OnnxNode node in graph.Nodes) w.WriteMessage(1, node, WriteNode);
        w.WriteString(2, graph.Name);
        foreach (OnnxTensor tensor in graph.Initializers) w.WriteMessage(5, tensor, WriteTensor);
        foreach (OnnxValueInfo input in graph.Inputs) w.WriteMessage(11, input, WriteValueInfo);
        foreach (OnnxValueInfo output in graph.Outputs) w.WriteMessage(12, output, WriteValueInfo);
    }

    /// <summary>NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5.</summary>
    internal static void WriteNode(ProtoWriter w, OnnxNode node)
    {
        foreach (string input in node.Inputs) w.WriteString(1, input);
        foreach (string output in node.Outputs) w.WriteString(2, output);
        w.WriteString(3, node.Name);
        w.WriteString(4, node.OpType);
        foreach (OnnxAttribute attribute in node.Attributes) w.WriteMessage(5, attribute, WriteAttribute);
    }

    /// <summary>AttributeProto: name = 1, f = 2, i = 3, ints = 8, type = 20.</summary>
    internal static void WriteAttribute(ProtoWriter w, OnnxAttribute attribute)
    {
        w.WriteString(1, attribute.Name);
        switch (attribute.Type)
        {
            case OnnxAttributeType.Float:
                w.WriteFloat(2, attribute.Float);
                break;
            case OnnxAttributeType.Int:
                w.WriteInt64(3, attribute.Int);
                break;
            case OnnxAttributeType.Ints:
                foreach (long value in attribute.Ints) w.WriteInt64(8, value);
                break;
        }
        w.WriteInt64(20, (long)attribute.Type);
    }

    /// <summary>TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9.</summary>
    internal static void WriteTensor(ProtoWriter w, OnnxTensor tensor)
    {
        foreach (long dim in tensor.Dims) w.WriteInt64(1, dim);
        w.WriteInt64(2, (long)tensor.DataType);
        w.WriteString(8, tensor.Name);
        w.WriteBytes(9, tensor.RawData);
    }

    /// <summary>ValueInfoProto: name = 1, type = 2.</summary>
    internal static void WriteValueInfo(ProtoWriter w, OnnxValueInfo value)
    {
        w.WriteString(1, value.Name);
        w.WriteMessage(2, value, WriteTypeProto);
    }

    /// <summary>TypeProto: tensor_type = 1.</summary>
    private static void WriteTypeProto(ProtoWriter w, OnnxValueInfo value) => w.WriteMessage(1, value, WriteTensorType);

    /// <summary>TypeProto.Tensor: elem_type = 1, shape = 2.</summary>
    private static void WriteTensorType(ProtoWriter w, OnnxValueInfo value)
    {
        w.WriteInt64(1, (long)value.ElementType);
        w.WriteMessage(2, value, WriteShape);
    }

    /// <summary>TensorShapeProto: dim = 1; Dimension: dim_value = 1 or dim_param = 2.</summary>
    private static void WriteShape(ProtoWriter w, OnnxValueInfo value)
    {
        foreach (OnnxDimension dim in value.Shape) w.WriteMessage(1, dim, WriteDimension);
    }

    private static void WriteDimension(ProtoWriter w, OnnxDimension dim)
    {
        if (dim.Param is null) w.WriteInt64(1, dim.Value);
        else w.WriteString(2, dim.Param);
    }
}
