using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ShuffleNetGen.Runtime.Weights;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests.Weights;

/// <summary>Every malformed file is a <see cref="WeightFileException"/> naming the file, the tensor and the problem.</summary>
public sealed class SafetensorsHardeningTests
{
    private sealed record BadFile(byte[] Bytes, string? Key, string Problem);

    private static string Entry(string dtype, string shape, long begin, long end) =>
        $$"""{"dtype":"{{dtype}}","shape":{{shape}},"data_offsets":[{{begin}},{{end}}]}""";

    private static BadFile Bad(string json, int dataBytes, string? key, string problem) =>
        new(RawFile.Assemble(json, new byte[dataBytes]), key, problem);

    private static readonly Dictionary<string, BadFile> Cases = new()
    {
        ["empty file"] = new([], null, "before the 8-byte header length"),
        ["shorter than the prefix"] = new([1, 0, 0], null, "before the 8-byte header length"),
        ["header length over 100 MB"] = new(RawFile.Assemble([], [], 100_000_001), null, "exceeds the 100000000-byte limit"),
        ["header length u64 max"] = new(RawFile.Assemble([], [], ulong.MaxValue), null, "exceeds the 100000000-byte limit"),
        ["header length past the end"] = new(RawFile.Assemble("{}"u8.ToArray(), [], 1000), null, "runs past the end"),
        ["empty header"] = Bad("", 0, null, "not valid JSON"),
        ["invalid JSON"] = Bad("""{"a":""", 0, null, "not valid JSON"),
        ["trailing comma"] = Bad("""{"a":{},}""", 0, null, "not valid JSON"),
        ["NUL padding"] = Bad("{}\0\0\0\0\0\0", 0, null, "not valid JSON"),
        ["invalid UTF-8"] = new(RawFile.Assemble([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'], []), null, "not valid UTF-8"),
        ["deep nesting"] = Bad("{\"a\":" + new string('[', 5000) + new string(']', 5000) + "}", 0, null, "not valid JSON"),
        ["root is an array"] = Bad("[]", 0, null, "must be a JSON object, found an array"),
        ["entry is a number"] = Bad("""{"a":3}""", 0, "a", "must be an object with dtype, shape and data_offsets, found a number"),
        ["no dtype"] = Bad("""{"a":{"shape":[1],"data_offsets":[0,4]}}""", 4, "a", "has no 'dtype'"),
        ["no shape"] = Bad("""{"a":{"dtype":"F32","data_offsets":[0,4]}}""", 4, "a", "has no 'shape'"),
        ["no data_offsets"] = Bad("""{"a":{"dtype":"F32","shape":[1]}}""", 4, "a", "has no 'data_offsets'"),
        ["dtype twice"] = Bad("""{"a":{"dtype":"F32","dtype":"F16","shape":[1],"data_offsets":[0,4]}}""", 4, "a", "has 'dtype' twice"),
        ["dtype is a number"] = Bad("""{"a":{"dtype":32,"shape":[1],"data_offsets":[0,4]}}""", 4, "a", "dtype must be a string, found a number"),
        ["unknown dtype"] = Bad("{\"a\":" + Entry("F8_E4M3", "[1]", 0, 1) + "}", 1, "a", "unsupported dtype 'F8_E4M3'"),
        ["lower-case dtype"] = Bad("{\"a\":" + Entry("f32", "[1]", 0, 4) + "}", 4, "a", "unsupported dtype 'f32'"),
        ["shape is an object"] = Bad("{\"a\":" + Entry("F32", "{}", 0, 4) + "}", 4, "a", "shape must be an array of integers, found an object"),
        ["negative dimension"] = Bad("{\"a\":" + Entry("F32", "[-1]", 0, 4) + "}", 4, "a", "shape must hold non-negative integers, found -1"),
        ["fractional dimension"] = Bad("{\"a\":" + Entry("F32", "[1.5]", 0, 4) + "}", 4, "a", "found 1.5"),
        ["dimension in exponent form"] = Bad("{\"a\":" + Entry("F32", "[1e0]", 0, 4) + "}", 4, "a", "found 1e0"),
        ["dimension is a string"] = Bad("{\"a\":" + Entry("F32", "[\"1\"]", 0, 4) + "}", 4, "a", "found a string"),
        ["offset beyond long"] = Bad("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,99999999999999999999]}}""", 4, "a", "found 99999999999999999999"),
        ["negative offset"] = Bad("""{"a":{"dtype":"U8","shape":[1],"data_offsets":[-1,0]}}""", 4, "a", "data_offsets must hold non-negative integers, found -1"),
        ["three offsets"] = Bad("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}}""", 8, "a", "must be [begin, end], found 3 numbers"),
        ["offsets reversed"] = Bad("{\"a\":" + Entry("F32", "[0]", 4, 0) + "}", 4, "a", "data_offsets [4, 0] end before they begin"),
        ["shape and bytes disagree"] = Bad("{\"a\":" + Entry("F32", "[3]", 0, 8) + "}", 8, "a", "shape [3] of F32 needs 12 bytes, but data_offsets [0, 8] span 8"),
        ["shape overflows"] = Bad("{\"a\":" + Entry("F32", "[4294967296,4294967296,4294967296]", 0, 4) + "}", 4, "a", "more bytes than a file can hold"),
        ["offsets past the data"] = Bad("{\"a\":" + Entry("F32", "[2]", 0, 8) + "}", 4, "a", "data_offsets [0, 8] run past the end of the data section (4 bytes)"),
        ["overlap"] = Bad("{\"a\":" + Entry("F32", "[2]", 0, 8) + ",\"b\":" + Entry("F32", "[2]", 4, 12) + "}", 12, "b", "overlap tensor 'a' [0, 8]"),
        ["nested overlap"] = Bad("{\"a\":" + Entry("U8", "[12]", 0, 12) + ",\"b\":" + Entry("U8", "[1]", 4, 5) + ",\"c\":" + Entry("U8", "[1]", 8, 9) + "}", 12, "b", "overlap tensor 'a'"),
        ["duplicate key"] = Bad("{\"a\":" + Entry("F32", "[1]", 0, 4) + ",\"a\":" + Entry("F32", "[1]", 4, 8) + "}", 8, "a", "lists this key twice"),
        ["duplicate key by escape"] = Bad("{\"a\":" + Entry("F32", "[1]", 0, 4) + ",\"\\u0061\":" + Entry("F32", "[1]", 4, 8) + "}", 8, "a", "lists this key twice"),
        ["metadata twice"] = Bad("""{"__metadata__":{},"__metadata__":{}}""", 0, null, "'__metadata__' twice"),
        ["metadata not an object"] = Bad("""{"__metadata__":[]}""", 0, null, "'__metadata__' must be an object of strings, found an array"),
        ["metadata value not a string"] = Bad("""{"__metadata__":{"format":1}}""", 0, null, "'__metadata__' entry 'format' must be a string, found a number"),
        ["metadata key twice"] = Bad("""{"__metadata__":{"k":"1","k":"2"}}""", 0, null, "lists entry 'k' twice"),
        ["truncated data"] = new(RawFile.Assemble("{\"a\":" + Entry("F32", "[2]", 0, 8) + ",\"b\":" + Entry("F32", "[3]", 8, 20) + "}", new byte[19]), "b", "data_offsets [8, 20] run past the end of the data section (19 bytes)"),
    };

    public static TheoryData<string, RawFile.Access> CasesAndAccess()
    {
        var data = new TheoryData<string, RawFile.Access>();
        foreach (string name in Cases.Keys)
        {
            foreach (RawFile.Access access in Enum.GetValues<RawFile.Access>())
            {
                data.Add(name, access);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CasesAndAccess))]
    public void Malformed_file_is_rejected_with_file_tensor_and_problem(string name, RawFile.Access access)
    {
        BadFile bad = Cases[name];
        using SafetensorsFileScope scope = RawFile.Open(bad.Bytes, access);

        WeightFileException e = Assert.Throws<WeightFileException>(() => scope.Open().Dispose());

        Assert.Equal(scope.ExpectedName, e.FileName);
        Assert.Equal(bad.Key, e.TensorKey);
        Assert.Contains(bad.Problem, e.Problem, StringComparison.Ordinal);
        string prefix = bad.Key is null ? $"{scope.ExpectedName}: " : $"{scope.ExpectedName}: tensor '{bad.Key}': ";
        Assert.Equal(prefix + e.Problem, e.Message);
    }

    [Fact]
    public void Header_length_is_checked_before_any_allocation()
    {
        // 99 MB declared, 2 bytes present: a seekable stream knows at once; nothing near 99 MB may be allocated.
        byte[] bytes = RawFile.Assemble("{}"u8.ToArray(), [], 99_000_000);
        long before = GC.GetAllocatedBytesForCurrentThread();

        Assert.Throws<WeightFileException>(() => SafetensorsFile.Read(new MemoryStream(bytes), "big.safetensors"));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000, "allocated the declared header length");
    }

    [Fact]
    public void Short_stream_header_buffer_grows_only_with_the_bytes_that_arrive()
    {
        byte[] bytes = RawFile.Assemble("{}"u8.ToArray(), [], 99_000_000);
        long before = GC.GetAllocatedBytesForCurrentThread();

        WeightFileException e = Assert.Throws<WeightFileException>(() => SafetensorsFile.Read(new ShortReadStream(bytes), "big.safetensors"));

        Assert.Contains("runs past the end of the stream (2 bytes follow", e.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4_000_000, "allocated the declared header length");
    }

    [Fact]
    public void Stream_failure_is_a_weight_file_error()
    {
        byte[] bytes = SafetensorsRoundTripTests.WriteToBytes([SafetensorsTensor.FromFloats("a", [100], new float[100])], null);

        WeightFileException e = Assert.Throws<WeightFileException>(() => SafetensorsFile.Read(new ShortReadStream(bytes, failAfter: 40), "flaky.safetensors"));

        Assert.Contains("flaky.safetensors: cannot read the stream (simulated device error)", e.Message, StringComparison.Ordinal);
        Assert.IsType<IOException>(e.InnerException);
    }

    [Fact]
    public void Missing_file_is_a_file_not_found_exception_for_every_reader()
    {
        // Issue 12: a WeightFileException wrapping FileNotFoundException slipped past catch (FileNotFoundException).
        string path = Path.Combine(Path.GetTempPath(), $"sng-missing-{Guid.NewGuid():N}.safetensors");
        string inMissingDirectory = Path.Combine(Path.GetTempPath(), $"sng-no-dir-{Guid.NewGuid():N}", "weights.pth");

        foreach (string missing in new[] { path, inMissingDirectory })
        {
            Assert.Equal(missing, Assert.Throws<FileNotFoundException>(() => SafetensorsFile.Open(missing)).FileName);
            Assert.Equal(missing, Assert.Throws<FileNotFoundException>(() => WeightFile.Open(missing)).FileName);
            Assert.Equal(missing, Assert.Throws<FileNotFoundException>(() => PyTorchCheckpoint.Open(missing)).FileName);
        }
    }

    [Fact]
    public void A_directory_is_a_weight_file_error_naming_it()
    {
        string directory = Path.GetTempPath();

        WeightFileException e = Assert.Throws<WeightFileException>(() => WeightFile.Open(directory));

        Assert.Equal(directory, e.FileName);
        Assert.StartsWith($"{directory}: cannot open the file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_shape_names_key_expected_and_actual()
    {
        using SafetensorsFile file = Open(SafetensorsTensor.FromFloats("stage2.0.branch1.0.weight", [24, 3, 3, 3], new float[648]));

        WeightFileException e = Assert.Throws<WeightFileException>(() => file.ReadFloat32("stage2.0.branch1.0.weight", [24, 1, 3, 3], new float[216]));

        Assert.Equal("weights.safetensors: tensor 'stage2.0.branch1.0.weight': expected shape [24, 1, 3, 3], found [24, 3, 3, 3]", e.Message);
        Assert.Equal("stage2.0.branch1.0.weight", e.TensorKey);
    }

    [Fact]
    public void Wrong_rank_is_a_wrong_shape()
    {
        using SafetensorsFile file = Open(SafetensorsTensor.FromFloats("fc.bias", [10, 1], new float[10]));

        WeightFileException e = Assert.Throws<WeightFileException>(() => file.ReadFloat32("fc.bias", [10], new float[10]));

        Assert.Equal("weights.safetensors: tensor 'fc.bias': expected shape [10], found [10, 1]", e.Message);
    }

    [Fact]
    public void Missing_tensor_names_key_and_expected_shape()
    {
        using SafetensorsFile file = Open(SafetensorsTensor.FromFloats("fc.bias", [10], new float[10]));

        WeightFileException e = Assert.Throws<WeightFileException>(() => file.ReadFloat32("fc.weight", [10, 1024], new float[10240]));

        Assert.Equal("weights.safetensors: tensor 'fc.weight': missing from the file (expected shape [10, 1024])", e.Message);
    }

    [Fact]
    public void Integer_tensor_is_not_read_as_float()
    {
        using SafetensorsFile file = Open(SafetensorsTensor.FromInt64("conv1.1.running_mean", [2], [1, 2]));

        WeightFileException e = Assert.Throws<WeightFileException>(() => file.ReadFloat32("conv1.1.running_mean", [2], new float[2]));

        Assert.Equal("weights.safetensors: tensor 'conv1.1.running_mean': expected a floating-point tensor (F32, F16, BF16 or F64) of shape [2], found I64", e.Message);
    }

    [Fact]
    public void Destination_of_the_wrong_length_is_an_argument_error()
    {
        using SafetensorsFile file = Open(SafetensorsTensor.FromFloats("w", [2, 3], new float[6]));

        ArgumentException e = Assert.Throws<ArgumentException>(() => file.ReadFloat32("w", [2, 3], new float[5]));

        Assert.Contains("holds 5 floats; shape [2, 3] has 6", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_after_dispose_is_refused()
    {
        SafetensorsFile file = Open(SafetensorsTensor.FromFloats("w", [1], [1]));
        file.Dispose();

        Assert.Throws<ObjectDisposedException>(() => file.ReadFloat32("w", [1], new float[1]));
    }

    [Fact]
    public void Every_case_is_distinct_bytes()
    {
        // Guards the table above against copy-paste: two identical files cannot test two different things.
        Assert.Equal(Cases.Count, Cases.Values.Select(c => Convert.ToBase64String(c.Bytes)).Distinct().Count());
    }

    private static SafetensorsFile Open(params SafetensorsTensor[] tensors) =>
        SafetensorsFile.Read(new MemoryStream(SafetensorsRoundTripTests.WriteToBytes(tensors, null)), "weights.safetensors");
}
