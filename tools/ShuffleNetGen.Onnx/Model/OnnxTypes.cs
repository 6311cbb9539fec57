namespace ShuffleNetGen.Onnx.Model;

/// <summary><c>TensorProto.DataType</c> values used here (onnx.proto).</summary>
internal enum OnnxDataType
{
    Float = 1,
    Int64 = 7,
}

/// <summary><c>AttributeProto.AttributeType</c> values used here (onnx.proto).</summary>
internal enum OnnxAttributeType
{
    Float = 1,
    Int = 2,
    Ints = 7,
}
