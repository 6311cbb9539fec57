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
public sealed class SafetensorsFile : IDisposable
{
    /// <summary>Suffix of the BatchNorm counter PyTorch saves with every BatchNorm; inference never needs it.</summary>
    private const string IgnoredSuffix = ".num_batches_tracked";

    /// <summary>Staging size for dtypes that need converting; small enough to stay in cache.</summary>
    private const int ConversionChunkBytes = 64 * 1024;

    private readonly SafetensorsHeader _header;
    private readonly TensorByteSource _bytes;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    private SafetensorsFile(string sourceName, SafetensorsHeader header, TensorByteSource bytes)
    {
        SourceName = sourceName;
        _header = header;
        _bytes = bytes;
    }

    /// <summary>Opens a file and validates its header; tensor bytes stay on disk until <see cref="ReadFloat32"/> asks for them.</summary>
    /// <param name="path">The file path; it is the file name in error messages.</param>
    /// <exception cref="WeightFileException">The file cannot be opened or read, or is not a valid safetensors file.</exception>
    public static SafetensorsFile Open(string path)
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
    /// <exception cref="WeightFileException">The stream fails or does not hold a valid safetensors file.</exception>
    public static SafetensorsFile Read(Stream stream, string sourceName)
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

    /// <summary>The file path or stream name, as used in error messages.</summary>
    public string SourceName { get; }

    /// <summary>Every tensor in the header, by key.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors => _header.Tensors;

    /// <summary>The header's <c>__metadata__</c> strings (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _header.Metadata;

    /// <summary>
    /// Reads tensor <paramref name="key"/> as float32, converting F16 and BF16 exactly and F64 by rounding to nearest,
    /// and marks it as used for <see cref="ThrowIfUnusedTensors"/>.
    /// </summary>
    /// <param name="key">The <c>state_dict</c> name.</param>
    /// <param name="expectedShape">The shape the model needs; the file's shape must equal it exactly.</param>
    /// <param name="destination">Receives the elements in the file's (row-major) order; its length must be the element count.</param>
    /// <exception cref="WeightFileException">The tensor is missing, has another shape, or is not floating-point.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> does not hold exactly the element count.</exception>
    public void ReadFloat32(string key, ReadOnlySpan<int> expectedShape, Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(key);
        int[] expected = expectedShape.ToArray();
        if (!_header.Tensors.TryGetValue(key, out SafetensorsTensorInfo? info))
        {
            throw new WeightFileException(SourceName, key, $"missing from the file (expected shape {Format(expected)})");
        }

        if (!SafetensorsDTypeNames.IsFloatingPoint(info.DType))
        {
            throw new WeightFileException(SourceName, key,
                $"expected a floating-point tensor (F32, F16, BF16 or F64) of shape {Format(expected)}, found {SafetensorsDTypeNames.Name(info.DType)}");
        }

        if (!info.Shape.SequenceEqual(expected.Select(d => (long)d)))
        {
            throw new WeightFileException(SourceName, key, $"expected shape {Format(expected)}, found {Format(info.Shape)}");
        }

        if (destination.Length != info.ElementCount)
        {
            throw new ArgumentException(
                $"Destination for tensor '{key}' holds {destination.Length} floats; shape {Format(expected)} has {info.ElementCount}.", nameof(destination));
        }

        if (info.DType == SafetensorsDType.F32)
        {
            Span<byte> raw = MemoryMarshal.AsBytes(destination);
            _bytes.Read(info.DataOffset, raw, key);
            if (!BitConverter.IsLittleEndian)
            {
                Float32Decoder.Decode(SafetensorsDType.F32, raw.ToArray(), destination);
            }
        }
        else
        {
            ReadConverted(info, destination);
        }

        lock (_used)
        {
            _used.Add(key);
        }
    }

    /// <summary>
    /// Throws if any tensor was never read (a sign of weights for another architecture or width), listing them sorted by
    /// ordinal key. BatchNorm's <c>*.num_batches_tracked</c> counters are exempt: eval mode never uses them.
    /// </summary>
    /// <exception cref="WeightFileException">Some tensors were never read.</exception>
    public void ThrowIfUnusedTensors()
    {
        string[] unused;
        lock (_used)
        {
            unused = _header.Tensors.Keys
                .Where(k => !_used.Contains(k) && !k.EndsWith(IgnoredSuffix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToArray();
        }

        if (unused.Length == 1)
        {
            throw new WeightFileException(SourceName, unused[0], "never read: the model has no parameter of this name (weights for another architecture or width?)");
        }

        if (unused.Length > 1)
        {
            throw new WeightFileException(SourceName, null,
                $"{unused.Length} tensors were never read: the model has no parameters of these names (weights for another architecture or width?): " +
                string.Join(", ", unused.Select(k => $"'{k}'")));
        }
    }

    /// <summary>Closes the file; the header stays readable, tensor reads throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _disposed = true;
        _bytes.Dispose();
    }

    private static string Format<T>(IEnumerable<T> shape) where T : IFormattable => SafetensorsHeaderParser.FormatShape(shape);

    private void ReadConverted(SafetensorsTensorInfo info, Span<float> destination)
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
                _bytes.Read(info.DataOffset + (long)start * size, chunk, info.Key);
                Float32Decoder.Decode(info.DType, chunk, destination.Slice(start, count));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(staging);
        }
    }
}
