using System;
using System.IO;
using System.Linq;
using ShuffleNetGen.Runtime.Weights;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests.Weights;

/// <summary>
/// Issue 16's hostile corpus: pickles that would run code in Python, unknown classes, views past their storage, absurd
/// sizes, missing or short records. Each is refused with a <see cref="WeightFileException"/> naming the global or tensor.
/// </summary>
public sealed class HostileCheckpointTests
{
    private static readonly byte[] TwelveFloats = new byte[48];

    [Fact]
    public void A_valid_hand_written_checkpoint_loads()
    {
        // The baseline the hostile variants below differ from by one thing.
        byte[] zip = new HandWrittenCheckpoint().BeginStateDict()
            .Tensor("w", "FloatStorage", "0", 12, 2, [2, 5], [5, 1]).EndStateDict()
            .Storage("0", Enumerable.Range(0, 12).SelectMany(i => BitConverter.GetBytes(i * 1.5f)).ToArray()).ToZip();

        using WeightFile file = Read(zip);
        var values = new float[10];
        file.ReadFloat32("w", [2, 5], values);

        Assert.Equal(Enumerable.Range(2, 10).Select(i => i * 1.5f), values);
    }

    [Fact]
    public void Global_os_system_with_reduce_is_refused_naming_it()
    {
        byte[] zip = new HandWrittenCheckpoint().Proto(2).Global("os", "system").Mark().Unicode("echo pwned").Tuple().Reduce().Stop().ToZip();

        WeightFileException e = Assert.Throws<WeightFileException>(() => Read(zip));

        Assert.Contains("names the global 'os.system'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_global_whose_result_is_discarded_is_refused_too()
    {
        // The unpickler would drop eval's result and return a clean state_dict: the scan sees the global anyway.
        byte[] zip = new HandWrittenCheckpoint().Proto(2).Global("builtins", "eval").Mark().Unicode("1").Tuple().Reduce().Pop()
            .Global("collections", "OrderedDict").EmptyTuple().Reduce().Stop().ToZip();

        WeightFileException e = Assert.Throws<WeightFileException>(() => Read(zip));

        Assert.Contains("'builtins.eval'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_class_is_refused_naming_it()
    {
        byte[] zip = new HandWrittenCheckpoint().Proto(2).Global("mypackage.models", "Net").EmptyTuple().Reduce().Stop().ToZip();

        WeightFileException e = Assert.Throws<WeightFileException>(() => Read(zip));

        Assert.Contains("'mypackage.models.Net'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stack_global_built_at_load_time_is_refused()
    {
        // STACK_GLOBAL on strings that come out of a tuple, not straight from the pickle: the name cannot be known unrun.
        byte[] zip = new HandWrittenCheckpoint().Proto(4).Mark().Unicode("os").Unicode("system").Tuple().Op(0x93).Stop().ToZip();

        WeightFileException e = Assert.Throws<WeightFileException>(() => Read(zip));

        Assert.Contains("STACK_GLOBAL at byte", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extension_code_global_is_refused()
    {
        byte[] zip = new HandWrittenCheckpoint().Proto(2).Op(0x82, 1).EmptyTuple().Reduce().Stop().ToZip();

        WeightFileException e = Assert.Throws<WeightFileException>(() => Read(zip));

        Assert.Contains("copyreg extension code", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_storage_type_is_refused_naming_the_tensor()
    {
        WeightFileException e = Refused(new HandWrittenCheckpoint().BeginStateDict()
            .Tensor("w", "QUInt8Storage", "0", 12, 0, [12], [1]).EndStateDict().Storage("0", new byte[12]));

        Assert.Contains("'torch.QUInt8Storage'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(13L, new long[] { 12 }, new long[] { 1 }, "reach element 25 of a storage of 12")]
    [InlineData(0L, new long[] { 3, 5 }, new long[] { 5, 1 }, "reach element 15 of a storage of 12")]
    [InlineData(0L, new long[] { 2, 2 }, new long[] { 11, 1 }, "reach element 13 of a storage of 12")]
    [InlineData(0L, new long[] { 1L << 40, 1L << 40 }, new long[] { 1, 1 }, "overflow a 64-bit index")]
    [InlineData(0L, new long[] { 4 }, new long[] { 1, 1 }, "have different lengths")]
    [InlineData(0L, new long[] { -1 }, new long[] { 1 }, "size is negative (-1)")]
    public void A_view_outside_its_storage_is_refused_naming_the_tensor(long offset, long[] size, long[] stride, string problem)
    {
        WeightFileException e = Refused(new HandWrittenCheckpoint().BeginStateDict()
            .Tensor("stage2.0.branch1.0.weight", "FloatStorage", "0", 12, offset, size, stride).EndStateDict().Storage("0", TwelveFloats));

        Assert.Equal("stage2.0.branch1.0.weight", e.TensorKey);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absurd_storage_size_is_refused_before_allocating()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        WeightFileException e = Refused(new HandWrittenCheckpoint().BeginStateDict()
            .Tensor("w", "FloatStorage", "0", long.MaxValue / 2, 0, [1L << 40], [1]).EndStateDict().Storage("0", TwelveFloats));

        Assert.Contains("overflow a 64-bit index", e.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000, "allocated the declared size");
    }

    [Fact]
    public void A_missing_storage_record_names_it_and_the_tensor()
    {
        WeightFileException e = Refused(new HandWrittenCheckpoint().BeginStateDict()
            .Tensor("fc.weight", "FloatStorage", "7", 12, 0, [12], [1]).EndStateDict());

        Assert.Equal("fc.weight", e.TensorKey);
        Assert.Contains("storage record data/7 is missing from the archive", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_storage_record_of_the_wrong_length_is_refused()
    {
        WeightFileException e = Refused(new HandWrittenCheckpoint().BeginStateDict()
            .Tensor("fc.bias", "HalfStorage", "0", 12, 0, [12], [1]).EndStateDict().Storage("0", TwelveFloats));

        Assert.Contains("holds 48 bytes, but the pickle declares 12 F16 elements (24 bytes)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_storage_key_with_a_path_is_refused()
    {
        WeightFileException e = Refused(new HandWrittenCheckpoint().BeginStateDict()
            .Tensor("w", "FloatStorage", "../data.pkl", 12, 0, [12], [1]).EndStateDict());

        Assert.Contains("is not a plain record name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_tensor_save_is_not_a_state_dict()
    {
        // STOP returns the top of the stack: the tensor, not the key pushed under it.
        byte[] zip = new HandWrittenCheckpoint().Proto(2)
            .Tensor("ignored", "FloatStorage", "0", 12, 0, [12], [1]).Stop().Storage("0", TwelveFloats).ToZip();

        WeightFileException e = Assert.Throws<WeightFileException>(() => Read(zip));

        Assert.Contains("data.pkl holds a tensor, not a state_dict", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_without_data_pkl_is_not_a_checkpoint()
    {
        var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using Stream entry = zip.CreateEntry("readme.txt").Open();
            entry.Write("hello"u8);
        }

        WeightFileException e = Assert.Throws<WeightFileException>(() => Read(stream.ToArray()));

        Assert.Contains("without a <folder>/data.pkl record", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_checkpoint_names_the_file()
    {
        byte[] valid = PthFixtures.Bytes("tiny.f32.pth");
        foreach (int length in new[] { 4, 30, valid.Length / 2, valid.Length - 22, valid.Length - 1 })
        {
            WeightFileException e = Assert.Throws<WeightFileException>(() => WeightFile.Read(new MemoryStream(valid[..length]), "cut.pth"));
            Assert.StartsWith("cut.pth: ", e.Message, StringComparison.Ordinal);
        }
    }

    private static WeightFile Read(byte[] zip) => WeightFile.Read(new MemoryStream(zip), "hostile.pth");

    private static WeightFileException Refused(HandWrittenCheckpoint checkpoint) =>
        Assert.Throws<WeightFileException>(() => Read(checkpoint.ToZip()));
}
