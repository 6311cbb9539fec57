using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ShuffleNetGen.Onnx.Tests.Model;

/// <summary>One decoded protobuf field: a varint, a fixed32, or length-delimited bytes.</summary>
internal sealed record ProtoField(int Number, int WireType, ulong Varint, byte[] Bytes)
{
    public long Int64 => unchecked((long)Varint);
    public string Text => Encoding.UTF8.GetString(Bytes);
    public float Float => BinaryPrimitives.ReadSingleLittleEndian(Bytes);
    public ProtoFields Message => ProtoFields.Parse(Bytes);
}

/// <summary>
/// A test-side protobuf decoder, written from the encoding guide independently of the encoder under test,
/// so exported models can be read back field by field.
/// </summary>
internal sealed class ProtoFields
{
    private readonly List<ProtoField> _fields;

    private ProtoFields(List<ProtoField> fields) => _fields = fields;

    public static ProtoFields Parse(ReadOnlySpan<byte> data)
    {
        var fields = new List<ProtoField>();
        int pos = 0;
        while (pos < data.Length)
        {
            ulong key = ReadVarint(data, ref pos);
            int number = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0:
                    fields.Add(new ProtoField(number, wire, ReadVarint(data, ref pos), Array.Empty<byte>()));
                    break;
                case 2:
                    int length = checked((int)ReadVarint(data, ref pos));
                    fields.Add(new ProtoField(number, wire, 0, data.Slice(pos, length).ToArray()));
                    pos += length;
                    break;
                case 5:
                    fields.Add(new ProtoField(number, wire, 0, data.Slice(pos, 4).ToArray()));
                    pos += 4;
                    break;
                default:
                    throw new FormatException($"Wire type {wire} at byte {pos} is not one the ONNX subset uses.");
            }
        }
        return new ProtoFields(fields);
    }

    public IEnumerable<ProtoField> All(int number) => _fields.Where(f => f.Number == number);

    public ProtoField Single(int number) => Xunit.Assert.Single(All(number));

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
