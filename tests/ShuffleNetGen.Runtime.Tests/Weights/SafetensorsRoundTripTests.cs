using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using ShuffleNetGen.Runtime.Weights;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests.Weights;

/// <summary>Writer → reader, through every way of opening, for every float dtype and the awkward shapes.</summary>
public sealed class SafetensorsRoundTripTests
{
    public static TheoryData<SafetensorsDType, RawFile.Access> FloatDTypesAndAccess()
    {
        var data = new TheoryData<SafetensorsDType, RawFile.Access>();
        foreach (SafetensorsDType dtype in new[] { SafetensorsDType.F32, SafetensorsDType.F16, SafetensorsDType.BF16 })
        {
            foreach (RawFile.Access access in Enum.GetValues<RawFile.Access>())
            {
                data.Add(dtype, access);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FloatDTypesAndAccess))]
    public void Float_tensors_read_back_as_written(SafetensorsDType dtype, RawFile.Access access)
    {
        // 3·7·11·433 elements: more than one 64 KiB conversion chunk, divisible by nothing convenient.
        int[] bigShape = [3, 7, 11, 433];
        float[] big = RandomValues(seed: 11, 3 * 7 * 11 * 433);
        float[] edges = FloatFormatReference.EdgeValues();
        SafetensorsTensor[] tensors =
        [
            SafetensorsTensor.FromFloats("stage2.0.branch1.0.weight", bigShape, big, dtype),
            SafetensorsTensor.FromFloats("edges", [edges.Length], edges, dtype),
            SafetensorsTensor.FromFloats("scalar", [], [2.5f], dtype),
            SafetensorsTensor.FromFloats("empty", [0, 5], [], dtype),
            SafetensorsTensor.FromInt64("conv1.1.num_batches_tracked", [], [123456789012]),
        ];
        byte[] bytes = WriteToBytes(tensors, new Dictionary<string, string> { ["format"] = "pt" });

        using SafetensorsFileScope scope = RawFile.Open(bytes, access);
        using SafetensorsFile file = scope.Open();

        Assert.Equal(scope.ExpectedName, file.SourceName);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(SafetensorsDType.I64, file.Tensors["conv1.1.num_batches_tracked"].DType);
        AssertReadsAsRounded(file, "stage2.0.branch1.0.weight", bigShape, big, dtype);
        AssertReadsAsRounded(file, "edges", [edges.Length], edges, dtype);
        AssertReadsAsRounded(file, "scalar", [], [2.5f], dtype);
        AssertReadsAsRounded(file, "empty", [0, 5], [], dtype);
        file.ThrowIfUnusedTensors();
    }

    [Fact]
    public void Writer_produces_the_save_file_layout()
    {
        SafetensorsTensor[] tensors =
        [
            SafetensorsTensor.FromFloats("b", [3], [1, 2, 3]),
            SafetensorsTensor.FromFloats("a", [1], [4], SafetensorsDType.F16),
            SafetensorsTensor.FromFloats("c", [2], [5, 6], SafetensorsDType.BF16),
        ];

        byte[] bytes = WriteToBytes(tensors, new Dictionary<string, string> { ["z"] = "1", ["format"] = "pt" });

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0ul, headerLength % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        string json = header.TrimEnd(' ');
        Assert.True(header.Length - json.Length < 8, "padding is fewer than 8 spaces");
        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Equal(["__metadata__", "a", "b", "c"], document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["format", "z"], document.RootElement.GetProperty("__metadata__").EnumerateObject().Select(p => p.Name));
        Assert.Equal("[0,2]", document.RootElement.GetProperty("a").GetProperty("data_offsets").GetRawText());
        Assert.Equal("[2,14]", document.RootElement.GetProperty("b").GetProperty("data_offsets").GetRawText());
        Assert.Equal("[14,18]", document.RootElement.GetProperty("c").GetProperty("data_offsets").GetRawText());
        Assert.Equal(8 + (int)headerLength + 18, bytes.Length);
    }

    [Fact]
    public void Writer_rejects_inconsistent_tensors()
    {
        var stream = new MemoryStream();
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(stream, [SafetensorsTensor.FromFloats("a", [1], [1]), SafetensorsTensor.FromFloats("a", [1], [2])]));
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(stream, [new SafetensorsTensor("a", SafetensorsDType.F32, [2], new byte[4])]));
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(stream, [SafetensorsTensor.FromFloats("__metadata__", [1], [1])]));
        Assert.Throws<ArgumentException>(() => SafetensorsTensor.FromFloats("a", [2, 2], [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => SafetensorsTensor.FromFloats("a", [1], [1], SafetensorsDType.F64));
    }

    [Fact]
    public void Writer_to_path_round_trips()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sng-{Guid.NewGuid():N}.safetensors");
        try
        {
            SafetensorsWriter.Write(path, [SafetensorsTensor.FromFloats("fc.bias", [3], [0.5f, -1, 7])]);
            using SafetensorsFile file = SafetensorsFile.Open(path);
            var bias = new float[3];
            file.ReadFloat32("fc.bias", [3], bias);
            Assert.Equal([0.5f, -1, 7], bias);
            Assert.Empty(file.Metadata);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Nan_and_infinity_load_unchanged()
    {
        float[] values = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, BitConverter.Int32BitsToSingle(0x7FA00001)];
        using SafetensorsFile file = SafetensorsFile.Read(new MemoryStream(WriteToBytes([SafetensorsTensor.FromFloats("w", [4], values)], null)), "nan.safetensors");

        var read = new float[4];
        file.ReadFloat32("w", [4], read);

        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), read.Select(BitConverter.SingleToInt32Bits));
    }

    internal static byte[] WriteToBytes(IEnumerable<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var stream = new MemoryStream();
        SafetensorsWriter.Write(stream, tensors, metadata);
        return stream.ToArray();
    }

    private static void AssertReadsAsRounded(SafetensorsFile file, string key, int[] shape, float[] written, SafetensorsDType dtype)
    {
        var read = new float[written.Length];
        file.ReadFloat32(key, shape, read);
        for (int i = 0; i < written.Length; i++)
        {
            double expected = dtype switch
            {
                SafetensorsDType.F16 => FloatFormatReference.Round(written[i], FloatFormatReference.HalfExponentBits, FloatFormatReference.HalfMantissaBits),
                SafetensorsDType.BF16 => FloatFormatReference.Round(written[i], FloatFormatReference.BFloat16ExponentBits, FloatFormatReference.BFloat16MantissaBits),
                _ => written[i],
            };
            Assert.True(FloatFormatReference.SameValue(expected, read[i]), $"{key}[{i}]: wrote {written[i]:R}, read {read[i]:R}, expected {expected:R}");
        }
    }

    private static float[] RandomValues(int seed, int count)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * Math.ScaleB(1.0, random.Next(-20, 10)));
        }

        return values;
    }
}
