using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ShuffleNetGen.Runtime.Weights;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests.Weights;

/// <summary>Real <c>torch.save</c> files (see <see cref="PthFixtures"/>) read through every entry point, against torch's own values.</summary>
public sealed class PyTorchCheckpointTests
{
    public static TheoryData<string> StateDicts() => new()
    {
        "tiny.f32.pth", "tiny.f16.pth", "tiny.bf16.pth", "tiny.protocol4.pth", "tiny.dataparallel.pth", "views.pth",
    };

    [Theory]
    [MemberData(nameof(StateDicts))]
    public void Every_tensor_reads_as_torch_reads_it_from_a_path(string name)
    {
        using WeightFile file = WeightFile.Open(PthFixtures.PathOf(name));

        Assert.IsType<PyTorchCheckpoint>(file);
        AssertMatchesTorch(file, name);
    }

    [Theory]
    [MemberData(nameof(StateDicts))]
    public void Every_tensor_reads_as_torch_reads_it_from_streams(string name)
    {
        byte[] bytes = PthFixtures.Bytes(name);
        using (WeightFile seekable = WeightFile.Read(new MemoryStream(bytes), name))
        {
            AssertMatchesTorch(seekable, name);
        }

        using WeightFile trickling = WeightFile.Read(new ShortReadStream(bytes, seed: 3), name);
        AssertMatchesTorch(trickling, name);
    }

    [Fact]
    public void The_data_parallel_prefix_is_stripped_and_reported()
    {
        using WeightFile file = WeightFile.Open(PthFixtures.PathOf("tiny.dataparallel.pth"));

        Assert.Equal(WeightFile.DataParallelPrefix, file.StrippedPrefix);
        Assert.Contains("conv1.0.weight", file.StoredTensors.Keys);
        Assert.DoesNotContain(file.StoredTensors.Keys, k => k.StartsWith("module.", StringComparison.Ordinal));
    }

    [Fact]
    public void Batch_counters_are_int64_and_not_read_as_weights()
    {
        using WeightFile file = WeightFile.Open(PthFixtures.PathOf("tiny.f32.pth"));

        Assert.Equal(SafetensorsDType.I64, file.StoredTensors["conv1.1.num_batches_tracked"].DType);
        WeightFileException e = Assert.Throws<WeightFileException>(() => file.ReadFloat32("conv1.1.num_batches_tracked", [], new float[1]));
        Assert.Contains("found I64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_given_to_the_safetensors_reader_says_what_it_is()
    {
        // Issue 12: this used to be "header length 67324752 bytes runs past the end of the file".
        string path = PthFixtures.PathOf("tiny.f32.pth");

        WeightFileException fromPath = Assert.Throws<WeightFileException>(() => SafetensorsFile.Open(path));
        WeightFileException fromStream = Assert.Throws<WeightFileException>(() => SafetensorsFile.Read(new MemoryStream(PthFixtures.Bytes("tiny.f32.pth")), "x.pth"));

        Assert.Equal($"{path}: is a zip archive (a PyTorch checkpoint written by torch.save?), not a safetensors file: " +
            "open it with WeightFile.Open or the model's Load, which read both", fromPath.Message);
        Assert.StartsWith("x.pth: is a zip archive", fromStream.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_legacy_format_says_how_to_re_save()
    {
        string path = PthFixtures.PathOf("tiny.legacy.pth");

        foreach (Func<object> open in new Func<object>[]
                 {
                     () => WeightFile.Open(path), () => SafetensorsFile.Open(path),
                     () => WeightFile.Read(new MemoryStream(PthFixtures.Bytes("tiny.legacy.pth")), path),
                 })
        {
            WeightFileException e = Assert.Throws<WeightFileException>(open);
            Assert.Contains("legacy torch.save format (PyTorch < 1.6, or _use_new_zipfile_serialization=False)", e.Message, StringComparison.Ordinal);
            Assert.Contains("torch.save(torch.load(path), new_path)", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_whole_module_save_is_refused_naming_its_class()
    {
        WeightFileException e = Assert.Throws<WeightFileException>(() => WeightFile.Open(PthFixtures.PathOf("tiny.whole_module.pth")));

        Assert.Contains("names the Python class or function '__main__.Tiny'", e.Message, StringComparison.Ordinal);
        Assert.Contains("torch.save(model) of a whole module", e.Message, StringComparison.Ordinal);
        Assert.Contains("torch.save(model.state_dict(), path)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_os_system_payload_is_refused_by_name_and_never_run()
    {
        WeightFileException e = Assert.Throws<WeightFileException>(() => WeightFile.Open(PthFixtures.PathOf("tiny.os_system.pth")));

        Assert.Contains("names the global 'posix.system'", e.Message, StringComparison.Ordinal);
        Assert.Contains("nothing in the file was run", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_training_checkpoint_points_at_its_weights_entry()
    {
        WeightFileException e = Assert.Throws<WeightFileException>(() => WeightFile.Open(PthFixtures.PathOf("tiny.training_checkpoint.pth")));

        Assert.Contains("'epoch' (an int), 'model' (a dict)", e.Message, StringComparison.Ordinal);
        Assert.Contains("torch.save(checkpoint['model'], path)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unused_tensors_of_a_checkpoint_are_reported_like_safetensors()
    {
        using WeightFile file = WeightFile.Open(PthFixtures.PathOf("tiny.f32.pth"));
        file.ReadFloat32("fc.bias", [5], new float[5]);

        WeightFileException e = Assert.Throws<WeightFileException>(file.ThrowIfUnusedTensors);

        Assert.StartsWith($"{PthFixtures.PathOf("tiny.f32.pth")}: 6 tensors were never read", e.Message, StringComparison.Ordinal);
    }

    private static void AssertMatchesTorch(WeightFile file, string name)
    {
        IReadOnlyDictionary<string, PthFixtures.Tensor> expected = PthFixtures.Expected(name);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), file.StoredTensors.Keys.Order(StringComparer.Ordinal));
        foreach ((string key, PthFixtures.Tensor tensor) in expected)
        {
            StoredTensorInfo stored = file.StoredTensors[key];
            Assert.Equal(tensor.Shape.Select(d => (long)d), stored.Shape);
            if (tensor.DType == "int64")
            {
                Assert.Equal(SafetensorsDType.I64, stored.DType);
                continue;
            }

            var actual = new float[tensor.Values.Length];
            file.ReadFloat32(key, tensor.Shape, actual);
            // Float16 and bfloat16 widen to float32 exactly, as torch's .float() does: equal bit for bit.
            Assert.True(tensor.Values.AsSpan().SequenceEqual(actual), $"{name}: tensor '{key}' differs from torch's values");
        }
    }
}
