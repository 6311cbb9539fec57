using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>
/// A safetensors weights file (the format <c>safetensors.torch.save_file(model.state_dict(), path)</c> writes), validated
/// when opened and read tensor by tensor. Every problem with the file is a <see cref="WeightFileException"/>.
/// </summary>
/// <remarks>
/// NaN and infinite weights are loaded as they are: they are valid IEEE values, not a format error, and PyTorch would
/// propagate them through the same model in the same way.
/// Reads of different tensors may run concurrently.
/// </remarks>
public sealed class SafetensorsFile : WeightFile
{
    /// <summary>Staging size for dtypes that need converting; small enough to stay in cache.</summary>
    private const int ConversionChunkBytes = 64 * 1024;

    private readonly SafetensorsHeader _header;
    private readonly TensorByteSource _bytes;

    private SafetensorsFile(string sourceName, SafetensorsHeader header, TensorByteSource bytes)
        : base(sourceName, header.Tensors.Values.Select(t => new StoredTensorInfo(t.Key, t.DType, t.Shape)).ToArray())
    {
        _header = header;
        _bytes = bytes;
    }

    /// <summary>Opens a file and validates its header; tensor bytes stay on disk until <see cref="WeightFile.ReadFloat32"/> asks for them.</summary>
    /// <param name="path">The file path; it is the file name in error messages.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">No file exists at <paramref name="path"/> (or a directory on it does not exist).</exception>
    /// <exception cref="WeightFileException">The file cannot be opened or read, or is not a valid safetensors file.</exception>
    public static new SafetensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        (SafetensorsHeader header, TensorByteSource bytes) = SafetensorsLoader.OpenFile(path);
        return new SafetensorsFile(path, header, bytes);
    }

    /// <summary>
    /// Reads a safetensors file from the current position of <paramref name="stream"/>: the prefix, the header, and the data
    /// section up to the last tensor's end, which is buffered in memory. The stream is not closed and may be closed afterwards.
    /// </summary>
    /// <param name="stream">A readable stream, seekable or not; short reads are fine.</param>
    /// <param name="sourceName">The name used for the file in error messages.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="sourceName"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream is not readable, or <paramref name="sourceName"/> is empty.</exception>
    /// <exception cref="WeightFileException">The stream fails or does not hold a valid safetensors file.</exception>
    public static new SafetensorsFile Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        (SafetensorsHeader header, TensorByteSource bytes) = SafetensorsLoader.ReadStream(stream, sourceName);
        return new SafetensorsFile(sourceName, header, bytes);
    }

    /// <summary>The rest of <see cref="WeightFile.Read"/>, once it has read the first bytes and seen no checkpoint.</summary>
    internal static SafetensorsFile Read(ReadOnlySpan<byte> prefix, long? remaining, Stream stream, string sourceName)
    {
        (SafetensorsHeader header, TensorByteSource bytes) = SafetensorsLoader.ReadStream(prefix, remaining, stream, sourceName);
        return new SafetensorsFile(sourceName, header, bytes);
    }

    /// <inheritdoc/>
    public override string FormatName => "safetensors";

    /// <summary>Every tensor in the header, by key as stored (a <see cref="WeightFile.DataParallelPrefix"/> included).</summary>
    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors => _header.Tensors;

    /// <summary>The header's <c>__metadata__</c> strings (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _header.Metadata;

    private protected override void ReadElements(string fileKey, StoredTensorInfo stored, Span<float> destination)
    {
        SafetensorsTensorInfo info = _header.Tensors[fileKey];
        if (info.DType == SafetensorsDType.F32)
        {
            Span<byte> raw = MemoryMarshal.AsBytes(destination);
            _bytes.Read(info.DataOffset, raw, stored.Key);
            if (!BitConverter.IsLittleEndian)
            {
                Float32Decoder.Decode(SafetensorsDType.F32, raw.ToArray(), destination);
            }
        }
        else
        {
            ReadConverted(info, stored.Key, destination);
        }
    }

    private protected override void ReleaseData() => _bytes.Dispose();

    private void ReadConverted(SafetensorsTensorInfo info, string key, Span<float> destination)
    {
        int size = SafetensorsDTypeNames.ElementSize(info.DType);
        int elementsPerChunk = ConversionChunkBytes / size;
        byte[] staging = ArrayPool<byte>.Shared.Rent(ConversionChunkBytes);
        try
        {
            for (int start = 0; start < destination.Length; start += elementsPerChunk)
            {
                int count = Math.Min(elementsPerChunk, destination.Length - start);
                Span<byte> chunk = staging.AsSpan(0, count * size);
                _bytes.Read(info.DataOffset + (long)start * size, chunk, key);
                Float32Decoder.Decode(info.DType, chunk, destination.Slice(start, count));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(staging);
        }
    }
}
