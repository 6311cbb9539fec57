using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace ShuffleNetGen.Onnx.Protobuf;

/// <summary>
/// A minimal protobuf encoder: varints, fixed32 floats and length-delimited fields, appended to a growable buffer.
/// A nested message is encoded into its own writer first, because its length prefix precedes it.
/// </summary>
internal sealed class ProtoWriter
{
    private byte[] _buffer;
    private int _length;

    public ProtoWriter(int initialCapacity = 256) => _buffer = new byte[Math.Max(16, initialCapacity)];

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>Base-128 varint, least significant group first, high bit set on every byte but the last.</summary>
    public void WriteVarint(ulong value)
    {
        Span<byte> bytes = Reserve(10);
        int n = 0;
        while (value >= 0x80)
        {
            bytes[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        bytes[n++] = (byte)value;
        _length += n;
    }

    public void WriteTag(int field, WireType type)
    {
        if (field <= 0 || field > 536_870_911) throw new ArgumentOutOfRangeException(nameof(field), field, "Protobuf field numbers are 1 to 2^29 - 1.");
        WriteVarint(((ulong)(uint)field << 3) | (uint)type);
    }

    /// <summary>An int64/int32 field: negative values are sign-extended to ten bytes, as protobuf encodes them (not zigzag).</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireType.Varint);
        WriteVarint(unchecked((ulong)value));
    }

    public void WriteFloat(int field, float value)
    {
        WriteTag(field, WireType.Fixed32);
        BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);
        _length += 4;
    }

    public void WriteString(int field, string value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)byteCount);
        Encoding.UTF8.GetBytes(value, Reserve(byteCount));
        _length += byteCount;
    }

    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)value.Length);
        value.CopyTo(Reserve(value.Length));
        _length += value.Length;
    }

    /// <summary>A submessage field: <paramref name="write"/> encodes <paramref name="message"/> into a fresh writer, copied in after its length.</summary>
    public void WriteMessage<T>(int field, T message, Action<ProtoWriter, T> write)
    {
        var nested = new ProtoWriter();
        write(nested, message);
        WriteBytes(field, nested.WrittenSpan);
    }

    public void CopyTo(Stream output) => output.Write(_buffer, 0, _length);

    public byte[] ToArray() => WrittenSpan.ToArray();

    private Span<byte> Reserve(int count)
    {
        int needed = _length + count;
        if (needed > _buffer.Length)
        {
            int grown = Math.Max(needed, (int)Math.Min(Array.MaxLength, 2L * _buffer.Length));
            Array.Resize(ref _buffer, grown);
        }
        return _buffer.AsSpan(_length, count);
    }
}
