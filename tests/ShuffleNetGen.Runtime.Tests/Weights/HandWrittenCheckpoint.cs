using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace ShuffleNetGen.Runtime.Tests.Weights;

/// <summary>
/// Pickle opcodes written one by one (the names are pickletools'), and a zip laid out as <c>torch.save</c> lays it out,
/// for checkpoints no honest torch.save writes: hostile globals, views past their storage, missing records.
/// </summary>
internal sealed class HandWrittenCheckpoint
{
    private readonly List<byte> _pickle = [];
    private readonly Dictionary<string, byte[]> _records = new(StringComparer.Ordinal);

    public HandWrittenCheckpoint Op(params byte[] bytes)
    {
        _pickle.AddRange(bytes);
        return this;
    }

    public HandWrittenCheckpoint Proto(int protocol) => Op(0x80, (byte)protocol);

    public HandWrittenCheckpoint Global(string module, string name) => Op((byte)'c').Op(Encoding.UTF8.GetBytes($"{module}\n{name}\n"));

    public HandWrittenCheckpoint Unicode(string text)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        var length = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, utf8.Length);
        return Op((byte)'X').Op(length).Op(utf8);
    }

    public HandWrittenCheckpoint Int(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return Op(0x8a, 8).Op(bytes); // LONG1 with 8 bytes: any 64-bit value
    }

    public HandWrittenCheckpoint Mark() => Op((byte)'(');
    public HandWrittenCheckpoint Tuple() => Op((byte)'t');
    public HandWrittenCheckpoint EmptyTuple() => Op((byte)')');
    public HandWrittenCheckpoint Reduce() => Op((byte)'R');
    public HandWrittenCheckpoint Pop() => Op((byte)'0');
    public HandWrittenCheckpoint SetItems() => Op((byte)'u');
    public HandWrittenCheckpoint Stop() => Op((byte)'.');

    /// <summary>Starts the state_dict as torch.save does: <c>OrderedDict()</c>, then MARK for its SETITEMS.</summary>
    public HandWrittenCheckpoint BeginStateDict() => Proto(2).Global("collections", "OrderedDict").EmptyTuple().Reduce().Mark();

    /// <summary>One entry <c>key: _rebuild_tensor_v2(('storage', torch.&lt;type&gt;, storageKey, 'cpu', numel), offset, size, stride, False, OrderedDict())</c>.</summary>
    public HandWrittenCheckpoint Tensor(string key, string storageType, string storageKey, long storageElements, long offset, long[] size, long[] stride)
    {
        Unicode(key).Global("torch._utils", "_rebuild_tensor_v2").Mark();
        Mark().Unicode("storage").Global("torch", storageType).Unicode(storageKey).Unicode("cpu").Int(storageElements).Tuple().Op((byte)'Q');
        Int(offset).Mark();
        foreach (long d in size) Int(d);
        Tuple().Mark();
        foreach (long s in stride) Int(s);
        Tuple().Op(0x89).Global("collections", "OrderedDict").EmptyTuple().Reduce().Tuple().Reduce();
        return this;
    }

    public HandWrittenCheckpoint EndStateDict() => SetItems().Stop();

    /// <summary>Adds storage record <c>data/&lt;key&gt;</c> holding <paramref name="bytes"/>.</summary>
    public HandWrittenCheckpoint Storage(string key, byte[] bytes)
    {
        _records["data/" + key] = bytes;
        return this;
    }

    public byte[] ToZip()
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "archive/data.pkl", _pickle.ToArray());
            foreach ((string name, byte[] bytes) in _records) Write(zip, "archive/" + name, bytes);
            Write(zip, "archive/version", "3\n"u8.ToArray());
        }

        return stream.ToArray();
    }

    private static void Write(ZipArchive zip, string name, byte[] bytes)
    {
        using Stream entry = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        entry.Write(bytes);
    }
}
