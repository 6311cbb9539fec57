using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>
/// The file <c>torch.save(model.state_dict(), path)</c> writes (PyTorch 1.6 and later): a zip archive holding the pickled
/// dict (<c>data.pkl</c>) and one record per storage. The pickle is never run: it may name only
/// <c>collections.OrderedDict</c>, <c>torch._utils._rebuild_tensor_v2</c> and the <c>torch.*Storage</c> types, any other
/// global is refused by name before unpickling; every tensor's size, stride and offset are checked against its storage.
/// Every problem with the file is a <see cref="WeightFileException"/>.
/// </summary>
/// <remarks>Reads of different tensors may run concurrently (they take turns on the archive).</remarks>
public sealed class PyTorchCheckpoint : WeightFile
{
    private readonly CheckpointArchive _archive;
    private readonly Dictionary<string, CheckpointTensor> _tensors;

    private PyTorchCheckpoint(string sourceName, CheckpointArchive archive, IReadOnlyList<CheckpointTensor> tensors)
        : base(sourceName, tensors.Select(t => new StoredTensorInfo(t.Key, t.DType, t.Shape)).ToArray())
    {
        _archive = archive;
        _tensors = tensors.ToDictionary(t => t.Key, StringComparer.Ordinal);
    }

    /// <summary>Opens a checkpoint and reads its pickle; storage bytes stay on disk until <see cref="WeightFile.ReadFloat32"/> asks for them.</summary>
    /// <param name="path">The file path; it is the file name in error messages.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">No file exists at <paramref name="path"/> (or a directory on it does not exist).</exception>
    /// <exception cref="WeightFileException">The file cannot be opened or read, or is not a valid <c>state_dict</c> checkpoint.</exception>
    public static new PyTorchCheckpoint Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafeFileHandle handle = WeightFilePath.OpenHandle(path);
        FileStream stream;
        try
        {
            stream = new FileStream(handle, FileAccess.Read, bufferSize: 4096);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        return FromArchive(stream, path);
    }

    /// <summary>Reads a checkpoint from the current position of <paramref name="stream"/> to its end, buffered in memory; the stream is not closed.</summary>
    /// <param name="stream">A readable stream, seekable or not; short reads are fine.</param>
    /// <param name="sourceName">The name used for the file in error messages.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="sourceName"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream is not readable, or <paramref name="sourceName"/> is empty.</exception>
    /// <exception cref="WeightFileException">The stream fails or does not hold a valid <c>state_dict</c> checkpoint.</exception>
    public static new PyTorchCheckpoint Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        return Read([], stream, sourceName);
    }

    /// <summary>The rest of <see cref="WeightFile.Read"/>, once it has read the first bytes and seen a zip archive.</summary>
    internal static PyTorchCheckpoint Read(ReadOnlySpan<byte> prefix, Stream stream, string sourceName)
    {
        var buffer = new MemoryStream();
        buffer.Write(prefix);
        try
        {
            stream.CopyTo(buffer);
        }
        catch (IOException e)
        {
            throw new WeightFileException(sourceName, null, $"cannot read the stream ({e.Message})", e);
        }

        buffer.Position = 0;
        return FromArchive(buffer, sourceName);
    }

    /// <inheritdoc/>
    public override string FormatName => "PyTorch checkpoint";

    private protected override void ReadElements(string fileKey, StoredTensorInfo info, Span<float> destination)
    {
        CheckpointTensor tensor = _tensors[fileKey];
        int size = SafetensorsDTypeNames.ElementSize(tensor.DType);
        long byteOffset = tensor.Offset * size;
        if (tensor.IsContiguous && tensor.DType == SafetensorsDType.F32 && BitConverter.IsLittleEndian)
        {
            _archive.ReadStorage(tensor.StorageKey, byteOffset, MemoryMarshal.AsBytes(destination), info.Key);
            return;
        }

        // Converted or gathered through a staging copy of the storage range the view touches.
        long extent = tensor.IsContiguous ? destination.Length : tensor.Extent;
        byte[] staging = ArrayPool<byte>.Shared.Rent(checked((int)(extent * size)));
        try
        {
            Span<byte> bytes = staging.AsSpan(0, (int)(extent * size));
            _archive.ReadStorage(tensor.StorageKey, byteOffset, bytes, info.Key);
            if (tensor.IsContiguous)
            {
                Float32Decoder.Decode(tensor.DType, bytes, destination);
            }
            else
            {
                Gather(tensor, staging, size, destination);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(staging);
        }
    }

    private protected override void ReleaseData() => _archive.Dispose();

    private static void Gather(CheckpointTensor tensor, byte[] staging, int size, Span<float> destination)
    {
        var values = new float[destination.Length];
        tensor.ForEachIndex((n, source) => Float32Decoder.Decode(tensor.DType, staging.AsSpan((int)(source * size), size), values.AsSpan((int)n, 1)));
        values.CopyTo(destination);
    }

    private static PyTorchCheckpoint FromArchive(Stream stream, string source)
    {
        CheckpointArchive archive = CheckpointArchive.Open(stream, source);
        try
        {
            string? byteOrder = archive.ReadByteOrder();
            if (byteOrder is not (null or "little"))
            {
                throw new WeightFileException(source, null,
                    $"byteorder record is '{byteOrder}': saved on a big-endian machine; re-save it on a little-endian one (x64, Arm64)");
            }

            byte[] pickle = archive.ReadPickle();
            CheckGlobals(pickle, source);
            IReadOnlyList<CheckpointTensor> tensors = CheckpointStateDict.Read(Unpickle(pickle, source), source);
            foreach (CheckpointTensor tensor in tensors)
            {
                CheckStorageRecord(archive, tensor, source);
            }

            return new PyTorchCheckpoint(source, archive, tensors);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    private static void CheckGlobals(byte[] pickle, string source)
    {
        PickleGlobalScanner.Result scan = PickleGlobalScanner.Scan(pickle);
        string[] refused = scan.Globals.Where(g => !CheckpointStateDict.AllowedGlobals.Contains(g)).ToArray();
        if (refused.Length > 0)
        {
            throw new WeightFileException(source, null, RefusedGlobalsProblem(refused));
        }

        if (scan.Problem is not null)
        {
            throw new WeightFileException(source, null, $"data.pkl is not a valid pickle: {scan.Problem}");
        }
    }

    /// <summary>Names the first refused global; a class among them means a whole pickled module.</summary>
    private static string RefusedGlobalsProblem(string[] refused)
    {
        string others = refused.Length > 1 ? $" (and {refused.Length - 1} other globals)" : "";
        string? type = refused.FirstOrDefault(g => char.IsUpper(g[(g.LastIndexOf('.') + 1)..].FirstOrDefault()) || g == "torch._utils._rebuild_parameter");
        if (type is not null)
        {
            return $"data.pkl names the Python class or function '{type}'{others}: this is torch.save(model) of a whole module, not of its weights; " +
                "save them with torch.save(model.state_dict(), path)";
        }

        return $"data.pkl names the global '{refused[0]}'{others}, which a state_dict never does: refused, nothing in the file was run " +
            $"(allowed: {string.Join(", ", CheckpointStateDict.AllowedGlobals.Order(StringComparer.Ordinal))})";
    }

    private static object? Unpickle(byte[] pickle, string source)
    {
        try
        {
            return CheckpointUnpickler.Load(pickle);
        }
        catch (Exception e) when (e is not (WeightFileException or OutOfMemoryException))
        {
            // The unpickler's InvalidDataException names the opcode and its byte; anything else it hit is reported the same way.
            throw new WeightFileException(source, null, $"data.pkl is not a valid pickle ({e.GetType().Name}: {e.Message})", e);
        }
    }

    private static void CheckStorageRecord(CheckpointArchive archive, CheckpointTensor tensor, string source)
    {
        long expected = tensor.StorageElements * SafetensorsDTypeNames.ElementSize(tensor.DType);
        if (archive.StorageLength(tensor.StorageKey, tensor.Key) is not long length)
        {
            throw new WeightFileException(source, tensor.Key, $"storage record data/{tensor.StorageKey} is missing from the archive");
        }

        if (length != expected)
        {
            throw new WeightFileException(source, tensor.Key,
                $"storage record data/{tensor.StorageKey} holds {length} bytes, but the pickle declares {tensor.StorageElements} " +
                $"{SafetensorsDTypeNames.Name(tensor.DType)} elements ({expected} bytes)");
        }
    }
}
