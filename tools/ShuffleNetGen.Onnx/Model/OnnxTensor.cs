using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace ShuffleNetGen.Onnx.Model;

/// <summary>A <c>TensorProto</c> initializer: row-major elements as little-endian <c>raw_data</c>, as onnx.proto requires.</summary>
internal sealed record OnnxTensor(string Name, OnnxDataType DataType, IReadOnlyList<long> Dims, byte[] RawData)
{
    public static OnnxTensor FromFloats(string name, IReadOnlyList<long> dims, ReadOnlySpan<float> values)
    {
        var raw = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }
        return new OnnxTensor(name, OnnxDataType.Float, dims, raw);
    }

    /// <summary>A one-dimensional INT64 tensor, the form of Reshape's shape and Split's sizes.</summary>
    public static OnnxTensor FromInt64s(string name, params long[] values)
    {
        var raw = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        }
        return new OnnxTensor(name, OnnxDataType.Int64, new long[] { values.Length }, raw);
    }
}
