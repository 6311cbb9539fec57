using System;
using ShuffleNetGen.Onnx.Protobuf;
using Xunit;

namespace ShuffleNetGen.Onnx.Tests.Protobuf;

/// <summary>Byte-exact encodings from the protobuf encoding guide ("Base 128 Varints", "Message Structure").</summary>
public sealed class ProtoWriterTests
{
    [Theory]
    [InlineData(0UL, new byte[] { 0x00 })]
    [InlineData(1UL, new byte[] { 0x01 })]
    [InlineData(127UL, new byte[] { 0x7F })]
    [InlineData(128UL, new byte[] { 0x80, 0x01 })]
    [InlineData(150UL, new byte[] { 0x96, 0x01 })]
    [InlineData(16_383UL, new byte[] { 0xFF, 0x7F })]
    [InlineData(16_384UL, new byte[] { 0x80, 0x80, 0x01 })]
    [InlineData(2_097_151UL, new byte[] { 0xFF, 0xFF, 0x7F })]
    [InlineData(2_097_152UL, new byte[] { 0x80, 0x80, 0x80, 0x01 })]
    [InlineData(4_294_967_295UL, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]
    [InlineData(ulong.MaxValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void Varint_MatchesTheEncodingGuide(ulong value, byte[] expected)
    {
        var w = new ProtoWriter();
        w.WriteVarint(value);
        Assert.Equal(expected, w.ToArray());
    }

    [Fact]
    public void NegativeInt64_IsSignExtendedToTenBytes()
    {
        var w = new ProtoWriter();
        w.WriteInt64(3, -1);
        Assert.Equal(new byte[] { 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, w.ToArray());
    }

    [Theory]
    [InlineData(1, 0, new byte[] { 0x08 })]
    [InlineData(2, 2, new byte[] { 0x12 })]
    [InlineData(2, 5, new byte[] { 0x15 })]
    [InlineData(15, 0, new byte[] { 0x78 })]
    [InlineData(16, 0, new byte[] { 0x80, 0x01 })]
    [InlineData(20, 0, new byte[] { 0xA0, 0x01 })]
    public void Tag_IsFieldShiftedThreeOrWireType(int field, int wireType, byte[] expected)
    {
        var w = new ProtoWriter();
        w.WriteTag(field, (WireType)wireType);
        Assert.Equal(expected, w.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(536_870_912)]
    public void Tag_RejectsFieldNumbersOutsideTheProtobufRange(int field)
    {
        var w = new ProtoWriter();
        Assert.Throws<ArgumentOutOfRangeException>(() => w.WriteTag(field, WireType.Varint));
    }

    [Fact]
    public void Float_IsFixed32LittleEndian()
    {
        var w = new ProtoWriter();
        w.WriteFloat(2, 1e-5f);
        byte[] bits = BitConverter.GetBytes(BitConverter.SingleToInt32Bits(1e-5f));
        if (!BitConverter.IsLittleEndian) Array.Reverse(bits);
        Assert.Equal(new byte[] { 0x15, bits[0], bits[1], bits[2], bits[3] }, w.ToArray());
    }

    [Fact]
    public void String_IsLengthPrefixedUtf8()
    {
        var w = new ProtoWriter();
        w.WriteString(2, "testing");
        Assert.Equal(new byte[] { 0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6E, 0x67 }, w.ToArray());

        var unicode = new ProtoWriter();
        unicode.WriteString(1, "\u00e9");
        Assert.Equal(new byte[] { 0x0A, 0x02, 0xC3, 0xA9 }, unicode.ToArray());
    }

    [Fact]
    public void NestedMessage_GetsItsLengthBeforeIt()
    {
        // The guide's Test3 { Test1 c = 3; } with Test1.a = 150.
        var w = new ProtoWriter();
        w.WriteMessage(3, 150L, (inner, a) => inner.WriteInt64(1, a));
        Assert.Equal(new byte[] { 0x1A, 0x03, 0x08, 0x96, 0x01 }, w.ToArray());
    }

    [Fact]
    public void LongPayload_HasAMultiByteLengthAndGrowsTheBuffer()
    {
        var payload = new byte[300];
        for (int i = 0; i < payload.Length; i++) payload[i] = (byte)(i * 7);
        var w = new ProtoWriter(initialCapacity: 1);
        w.WriteBytes(9, payload);
        byte[] written = w.ToArray();
        Assert.Equal(new byte[] { 0x4A, 0xAC, 0x02 }, written[..3]);
        Assert.Equal(payload, written[3..]);
    }
}
