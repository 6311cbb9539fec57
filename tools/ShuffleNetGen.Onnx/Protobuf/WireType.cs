namespace ShuffleNetGen.Onnx.Protobuf;

/// <summary>The protobuf wire types this encoder writes (protobuf encoding guide, "Message Structure").</summary>
internal enum WireType
{
    Varint = 0,
    LengthDelimited = 2,
    Fixed32 = 5,
}
