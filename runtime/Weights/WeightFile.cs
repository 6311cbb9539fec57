using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>
/// A file of weights under PyTorch <c>state_dict</c> keys, in either format the generated <c>Load</c> takes: safetensors
/// (<see cref="SafetensorsFile"/>) or a <c>torch.save(model.state_dict(), path)</c> checkpoint (<see cref="PyTorchCheckpoint"/>),
/// told apart by content. When every key starts with <c>module.</c> (a model wrapped in <c>nn.DataParallel</c>), the prefix
/// is stripped: the tensors are known by the names the model has.
/// </summary>
/// <remarks>Reads of different tensors may run concurrently.</remarks>
public abstract class WeightFile : IDisposable
{
    /// <summary>The prefix <c>nn.DataParallel</c> and <c>DistributedDataParallel</c> put before every key of the wrapped model.</summary>
    public const string DataParallelPrefix = "module.";

    /// <summary>Suffix of the BatchNorm counter PyTorch saves with every BatchNorm; inference never needs it.</summary>
    internal const string IgnoredSuffix = ".num_batches_tracked";

    private readonly Dictionary<string, StoredTensorInfo> _tensors;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    /// <summary>Takes the file's tensors under their keys as stored; strips <see cref="DataParallelPrefix"/> if every key has it.</summary>
    private protected WeightFile(string sourceName, IReadOnlyCollection<StoredTensorInfo> stored)
    {
        SourceName = sourceName;
        bool strip = stored.Count > 0 && stored.All(t => t.Key.StartsWith(DataParallelPrefix, StringComparison.Ordinal));
        StrippedPrefix = strip ? DataParallelPrefix : null;
        _tensors = new Dictionary<string, StoredTensorInfo>(stored.Count, StringComparer.Ordinal);
        foreach (StoredTensorInfo tensor in stored)
        {
            StoredTensorInfo named = strip ? tensor with { Key = tensor.Key[DataParallelPrefix.Length..] } : tensor;
            _tensors.Add(named.Key, named);
        }
    }

    /// <summary>
    /// Opens a weights file, safetensors or a PyTorch zip checkpoint, chosen by its first bytes (the extension is not looked at).
    /// </summary>
    /// <param name="path">The file path; it is the file name in error messages.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">No file exists at <paramref name="path"/> (or a directory on it does not exist).</exception>
    /// <exception cref="WeightFileException">The file cannot be opened or read, or is not a valid weights file of either format.</exception>
    public static WeightFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return WeightFilePath.DetectKind(path) switch
        {
            WeightFileKind.ZipCheckpoint => PyTorchCheckpoint.Open(path),
            WeightFileKind.LegacyCheckpoint => throw new WeightFileException(path, null, WeightFileFormat.LegacyProblem),
            _ => SafetensorsFile.Open(path),
        };
    }

    /// <summary>
    /// Reads a weights file, safetensors or a PyTorch zip checkpoint, from the current position of <paramref name="stream"/>.
    /// A checkpoint is read to the end of the stream; safetensors up to its last tensor. The stream is not closed.
    /// </summary>
    /// <param name="stream">A readable stream, seekable or not; short reads are fine.</param>
    /// <param name="sourceName">The name used for the file in error messages.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="sourceName"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream is not readable, or <paramref name="sourceName"/> is empty.</exception>
    /// <exception cref="WeightFileException">The stream fails or does not hold a valid weights file of either format.</exception>
    public static WeightFile Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        long? remaining = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : null;
        byte[] prefix = new byte[WeightFileFormat.PrefixBytes];
        int got;
        try
        {
            got = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        }
        catch (IOException e)
        {
            throw new WeightFileException(sourceName, null, $"cannot read the stream ({e.Message})", e);
        }

        return WeightFileFormat.Detect(prefix.AsSpan(0, got)) switch
        {
            WeightFileKind.ZipCheckpoint => PyTorchCheckpoint.Read(prefix.AsSpan(0, got), stream, sourceName),
            WeightFileKind.LegacyCheckpoint => throw new WeightFileException(sourceName, null, WeightFileFormat.LegacyProblem),
            _ => SafetensorsFile.Read(prefix.AsSpan(0, got), remaining, stream, sourceName),
        };
    }

    /// <summary>The file path or stream name, as used in error messages.</summary>
    public string SourceName { get; }

    /// <summary>"safetensors" or "PyTorch checkpoint", for messages.</summary>
    public abstract string FormatName { get; }

    /// <summary><see cref="DataParallelPrefix"/> when it was stripped from every key, else <see langword="null"/>.</summary>
    public string? StrippedPrefix { get; }

    /// <summary>Every tensor in the file, by the key the model sees (after <see cref="StrippedPrefix"/> is removed).</summary>
    public IReadOnlyDictionary<string, StoredTensorInfo> StoredTensors => _tensors;

    /// <summary>
    /// Reads tensor <paramref name="key"/> as float32, converting F16 and BF16 exactly and F64 by rounding to nearest,
    /// and marks it as used for <see cref="ThrowIfUnusedTensors"/>.
    /// </summary>
    /// <param name="key">The <c>state_dict</c> name (without <see cref="StrippedPrefix"/>).</param>
    /// <param name="expectedShape">The shape the model needs; the file's shape must equal it exactly.</param>
    /// <param name="destination">Receives the elements in row-major order; its length must be the element count.</param>
    /// <exception cref="WeightFileException">The tensor is missing, has another shape, is not floating-point, or cannot be read.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> does not hold exactly the element count.</exception>
    /// <exception cref="ObjectDisposedException">The file was disposed.</exception>
    public void ReadFloat32(string key, ReadOnlySpan<int> expectedShape, Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(key);
        int[] expected = expectedShape.ToArray();
        if (!_tensors.TryGetValue(key, out StoredTensorInfo? info))
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

        long count = ElementCount(info.Shape);
        if (destination.Length != count)
        {
            throw new ArgumentException(
                $"Destination for tensor '{key}' holds {destination.Length} floats; shape {Format(expected)} has {count}.", nameof(destination));
        }

        ReadElements(StrippedPrefix + key, info, destination);
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
            unused = _tensors.Keys
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

    /// <summary>Closes the file; the tensor list stays readable, tensor reads throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _disposed = true;
        ReleaseData();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with the float32 values of tensor <paramref name="info"/>, whose dtype and shape
    /// are checked; <paramref name="fileKey"/> is its key as stored in the file (with <see cref="StrippedPrefix"/>).
    /// </summary>
    private protected abstract void ReadElements(string fileKey, StoredTensorInfo info, Span<float> destination);

    /// <summary>Releases the file handle or buffer behind the tensors.</summary>
    private protected abstract void ReleaseData();

    private static long ElementCount(IReadOnlyList<long> shape)
    {
        long count = 1;
        foreach (long d in shape)
        {
            count *= d;
        }

        return count;
    }

    private static string Format<T>(IEnumerable<T> shape) where T : IFormattable => SafetensorsHeaderParser.FormatShape(shape);
}
