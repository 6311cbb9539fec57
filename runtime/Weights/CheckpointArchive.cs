using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>
/// The zip archive <c>torch.save</c> writes: one top folder (the file's stem in torch 1.x, <c>archive</c> in 2.x) holding
/// <c>data.pkl</c>, the storages <c>data/&lt;key&gt;</c>, <c>version</c> and, since 2.0, <c>byteorder</c>. Reads take a lock:
/// a <see cref="ZipArchive"/> is not safe for concurrent use.
/// </summary>
internal sealed class CheckpointArchive : IDisposable
{
    /// <summary>A state_dict pickle is about 100 bytes per tensor; anything past this is corrupt, never allocated.</summary>
    private const long MaxPickleBytes = 64L << 20;

    private const int SkipChunkBytes = 64 * 1024;

    /// <summary>Deflate cannot expand data more than about 1032 times; a record claiming more is corrupt, never allocated.</summary>
    private const long MaxDeflateRatio = 1100;

    private readonly ZipArchive _zip;
    private readonly string _source;
    private readonly string _folder;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;
    private readonly object _gate = new();
    private readonly long _archiveLength;

    private CheckpointArchive(ZipArchive zip, string source, string folder, Dictionary<string, ZipArchiveEntry> entries, long archiveLength)
    {
        _archiveLength = archiveLength;
        _zip = zip;
        _source = source;
        _folder = folder;
        _entries = entries;
    }

    /// <summary>Reads the zip's central directory and finds the checkpoint's folder; takes ownership of <paramref name="stream"/>.</summary>
    public static CheckpointArchive Open(Stream stream, string source)
    {
        long archiveLength = stream.Length;
        ZipArchive zip;
        IReadOnlyCollection<ZipArchiveEntry> all;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
            // The central directory is read on first access to the entries, so its errors surface here too.
            all = zip.Entries;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            stream.Dispose();
            throw new WeightFileException(source, null, $"is not a readable zip archive ({e.Message}): truncated or corrupt", e);
        }

        try
        {
            var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            foreach (ZipArchiveEntry entry in all)
            {
                if (!entries.TryAdd(entry.FullName, entry))
                {
                    throw new WeightFileException(source, null, $"zip archive lists '{entry.FullName}' twice");
                }
            }

            string[] pickles = entries.Keys.Where(name => name.EndsWith("/data.pkl", StringComparison.Ordinal) && name.IndexOf('/') == name.Length - "/data.pkl".Length).ToArray();
            if (pickles.Length != 1)
            {
                throw new WeightFileException(source, null, pickles.Length == 0 ? NoPickleProblem(entries.Keys) :
                    $"zip archive holds {pickles.Length} checkpoints ({string.Join(", ", pickles.Order(StringComparer.Ordinal))}); torch.save writes one");
            }

            return new CheckpointArchive(zip, source, pickles[0][..^"data.pkl".Length], entries, archiveLength);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    /// <summary>The bytes of <c>data.pkl</c>.</summary>
    public byte[] ReadPickle()
    {
        ZipArchiveEntry entry = _entries[_folder + "data.pkl"];
        if (entry.Length > MaxPickleBytes)
        {
            throw new WeightFileException(_source, null, $"data.pkl claims {entry.Length} bytes, past the {MaxPickleBytes}-byte limit: corrupt");
        }

        CheckClaimedLength(entry, "data.pkl", null);

        var bytes = new byte[entry.Length];
        Read(entry, 0, bytes, "data.pkl", null);
        return bytes;
    }

    /// <summary>The <c>byteorder</c> record (<c>little</c> or <c>big</c>), or null when the archive has none (torch &lt; 2.0).</summary>
    public string? ReadByteOrder()
    {
        if (!_entries.TryGetValue(_folder + "byteorder", out ZipArchiveEntry? entry))
        {
            return null;
        }

        if (entry.Length > 16)
        {
            throw new WeightFileException(_source, null, $"byteorder record is {entry.Length} bytes long; torch.save writes 'little' or 'big'");
        }

        var bytes = new byte[entry.Length];
        Read(entry, 0, bytes, "byteorder", null);
        return Encoding.ASCII.GetString(bytes);
    }

    /// <summary>
    /// The byte length of storage <paramref name="key"/>'s record, or null when the archive lacks it; a length the archive
    /// cannot hold (even deflated) is an error naming <paramref name="tensorKey"/>.
    /// </summary>
    public long? StorageLength(string key, string tensorKey)
    {
        if (!_entries.TryGetValue(StorageName(key), out ZipArchiveEntry? entry))
        {
            return null;
        }

        CheckClaimedLength(entry, "data/" + key, tensorKey);
        return entry.Length;
    }

    /// <summary>Fills <paramref name="destination"/> from storage <paramref name="key"/>, starting <paramref name="byteOffset"/> bytes in.</summary>
    public void ReadStorage(string key, long byteOffset, Span<byte> destination, string tensorKey) =>
        Read(_entries[StorageName(key)], byteOffset, destination, StorageName(key)[_folder.Length..], tensorKey);

    public void Dispose()
    {
        lock (_gate)
        {
            _zip.Dispose();
        }
    }

    private string StorageName(string key) => _folder + "data/" + key;

    private void CheckClaimedLength(ZipArchiveEntry entry, string record, string? tensorKey)
    {
        if (entry.CompressedLength > _archiveLength || entry.Length > Math.Max(entry.CompressedLength, 1) * MaxDeflateRatio)
        {
            throw new WeightFileException(_source, tensorKey,
                $"record {record} claims {entry.Length} bytes from {entry.CompressedLength} compressed in a {_archiveLength}-byte archive: corrupt");
        }
    }

    private void Read(ZipArchiveEntry entry, long byteOffset, Span<byte> destination, string record, string? tensorKey)
    {
        lock (_gate)
        {
            try
            {
                using Stream data = entry.Open();
                Skip(data, byteOffset, record, tensorKey);
                int got = data.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
                if (got < destination.Length)
                {
                    throw new WeightFileException(_source, tensorKey,
                        $"record {record} ends after {byteOffset + got} bytes, before the {byteOffset + destination.Length} it should hold: truncated or corrupt");
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
            {
                throw new WeightFileException(_source, tensorKey, $"cannot read record {record} of the zip archive ({e.Message})", e);
            }
        }
    }

    private void Skip(Stream data, long count, string record, string? tensorKey)
    {
        if (count == 0) return;
        if (data.CanSeek)
        {
            data.Seek(count, SeekOrigin.Begin);
            return;
        }

        byte[] scratch = new byte[(int)Math.Min(count, SkipChunkBytes)];
        for (long left = count; left > 0;)
        {
            int read = data.Read(scratch, 0, (int)Math.Min(left, scratch.Length));
            if (read == 0)
            {
                throw new WeightFileException(_source, tensorKey, $"record {record} ends before byte {count}: truncated or corrupt");
            }

            left -= read;
        }
    }

    private static string NoPickleProblem(IEnumerable<string> names)
    {
        string[] all = names.ToArray();
        if (all.Any(n => n.EndsWith("/constants.pkl", StringComparison.Ordinal) || n.Contains("/code/", StringComparison.Ordinal)))
        {
            return "is a TorchScript archive (torch.jit.save), not a state_dict checkpoint: save the weights with torch.save(model.state_dict(), path)";
        }

        return $"is a zip archive without a <folder>/data.pkl record, so not a torch.save checkpoint (it holds {all.Length} records" +
            (all.Length == 0 ? ")" : $", e.g. '{all.Order(StringComparer.Ordinal).First()}')");
    }
}
