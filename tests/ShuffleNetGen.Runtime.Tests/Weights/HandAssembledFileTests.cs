using System;
using System.Linq;
using System.Text;
using ShuffleNetGen.Runtime.Weights;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests.Weights;

/// <summary>
/// A file assembled byte by byte from the format's description (huggingface/safetensors README, "Format"), so the
/// reader is checked against the spec rather than against our own writer.
/// </summary>
public sealed class HandAssembledFileTests
{
    // Keys out of order, spaces and newlines, an unknown field the reference reader also ignores, and a gap-free layout.
    private const string Header = """
        { "w": {"dtype": "F32", "shape": [2, 1], "data_offsets": [0, 8]},
          "__metadata__": {"format": "pt", "note": "caf\u00e9"},
          "h": {"shape": [3], "dtype": "F16", "data_offsets": [8, 14], "extra": [1, {"x": null}]},
          "b": {"dtype": "BF16", "shape": [1], "data_offsets": [14, 16]},
          "d": {"dtype": "F64", "shape": [], "data_offsets": [16, 24]},
          "n": {"dtype": "I64", "shape": [], "data_offsets": [24, 32]},
          "z": {"dtype": "U8", "shape": [0], "data_offsets": [32, 32]} }
        """;

    private static readonly byte[] Data =
    [
        0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0,             // w: 1.0f (0x3F800000), -2.5f (0xC0200000)
        0x00, 0x3C, 0x00, 0xC0, 0xFF, 0x7B,                         // h: 1.0 (0x3C00), -2.0 (0xC000), 65504 (0x7BFF)
        0xC0, 0x3F,                                                 // b: 1.5 (0x3FC0)
        0x9A, 0x99, 0x99, 0x99, 0x99, 0x99, 0xB9, 0x3F,             // d: 0.1 (0x3FB999999999999A)
        0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,             // n: 7
    ];

    [Theory]
    [InlineData(RawFile.Access.SeekableStream)]
    [InlineData(RawFile.Access.ShortReadStream)]
    [InlineData(RawFile.Access.FilePath)]
    public void Reader_follows_the_format(RawFile.Access access)
    {
        // Header padded with spaces, as save_file does, and the 8-byte length written out by hand.
        byte[] header = Encoding.UTF8.GetBytes(Header + "   ");
        byte[] bytes = [.. BitConverter.GetBytes((ulong)header.Length), .. header, .. Data];
        Assert.True(BitConverter.IsLittleEndian, "the length prefix above is written in the machine's order");

        using SafetensorsFileScope scope = RawFile.Open(bytes, access);
        using SafetensorsFile file = scope.Open();

        Assert.Equal(["b", "d", "h", "n", "w", "z"], file.Tensors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal("café", file.Metadata["note"]);
        SafetensorsTensorInfo h = file.Tensors["h"];
        Assert.Equal(("h", SafetensorsDType.F16, 8L, 6L, 3L), (h.Key, h.DType, h.DataOffset, h.ByteLength, h.ElementCount));
        Assert.Equal([3L], h.Shape);
        Assert.Equal(SafetensorsDType.U8, file.Tensors["z"].DType);
        Assert.Empty(file.Tensors["d"].Shape);

        Assert.Equal([1f, -2.5f], Read(file, "w", [2, 1]));
        Assert.Equal([1f, -2f, 65504f], Read(file, "h", [3]));
        Assert.Equal([1.5f], Read(file, "b", [1]));
        Assert.Equal([0.1f], Read(file, "d", []));
        Assert.Equal(SafetensorsDType.I64, file.Tensors["n"].DType);
        Assert.Equal(8, file.Tensors["n"].ByteLength);
    }

    private static float[] Read(SafetensorsFile file, string key, int[] shape)
    {
        var values = new float[shape.Aggregate(1, (a, b) => a * b)];
        file.ReadFloat32(key, shape, values);
        return values;
    }
}
