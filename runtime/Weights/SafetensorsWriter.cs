using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>
/// Writes the safetensors layout that <c>safetensors.torch.save_file</c> produces: u64 header length, compact JSON header
/// (<c>__metadata__</c> first, then tensors sorted by ordinal key) padded with spaces to a multiple of 8 bytes, then each
/// tensor's bytes back to back in key order.
/// </summary>
public static class SafetensorsWriter
{
    private const int HeaderAlignment = 8;

    // Keys are written as raw UTF-8 like the Rust writer does; the header is never embedded in HTML.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the tensors (and optional metadata) to <paramref name="stream"/>, which stays open.</summary>
    /// <exception cref="ArgumentException">Two tensors share a key, a key is <c>__metadata__</c>, or a tensor's bytes do not match its shape and dtype.</exception>
    public static void Write(Stream stream, IEnumerable<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        SafetensorsTensor[] sorted = tensors.OrderBy(t => t?.Key, StringComparer.Ordinal).ToArray();
        Validate(sorted);
        byte[] header = Header(sorted, metadata);

        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (SafetensorsTensor tensor in sorted)
        {
            stream.Write(tensor.Data);
        }
    }

    /// <summary>Writes the tensors (and optional metadata) to a new file at <paramref name="path"/>, replacing any file there.</summary>
    /// <exception cref="ArgumentException">As for <see cref="Write(Stream, IEnumerable{SafetensorsTensor}, IReadOnlyDictionary{string, string}?)"/>.</exception>
    public static void Write(string path, IEnumerable<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(file, tensors, metadata);
    }

    private static void Validate(SafetensorsTensor[] sorted)
    {
        for (int i = 0; i < sorted.Length; i++)
        {
            SafetensorsTensor tensor = sorted[i] ?? throw new ArgumentException("A tensor is null.", "tensors");
            ArgumentNullException.ThrowIfNull(tensor.Key, "tensors");
            ArgumentNullException.ThrowIfNull(tensor.Shape, "tensors");
            ArgumentNullException.ThrowIfNull(tensor.Data, "tensors");
            if (tensor.Key == "__metadata__")
            {
                throw new ArgumentException("'__metadata__' is reserved for the header's metadata and cannot name a tensor.", "tensors");
            }

            if (i > 0 && sorted[i - 1].Key == tensor.Key)
            {
                throw new ArgumentException($"Two tensors are named '{tensor.Key}'.", "tensors");
            }

            long expected = SafetensorsTensor.ElementCount(tensor.Shape) * SafetensorsDTypeNames.ElementSize(tensor.DType);
            if (tensor.Data.LongLength != expected)
            {
                throw new ArgumentException(
                    $"Tensor '{tensor.Key}': shape {SafetensorsHeaderParser.FormatShape(tensor.Shape)} of {SafetensorsDTypeNames.Name(tensor.DType)} " +
                    $"needs {expected} bytes, but {tensor.Data.LongLength} were given.", "tensors");
            }
        }
    }

    private static byte[] Header(SafetensorsTensor[] sorted, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            if (metadata is not null)
            {
                json.WriteStartObject("__metadata__");
                foreach (KeyValuePair<string, string> entry in metadata.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    json.WriteString(entry.Key, entry.Value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (SafetensorsTensor tensor in sorted)
            {
                json.WriteStartObject(tensor.Key);
                json.WriteString("dtype", SafetensorsDTypeNames.Name(tensor.DType));
                json.WriteStartArray("shape");
                foreach (int dimension in tensor.Shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + tensor.Data.LongLength);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += tensor.Data.LongLength;
            }

            json.WriteEndObject();
        }

        int padded = (buffer.WrittenCount + HeaderAlignment - 1) / HeaderAlignment * HeaderAlignment;
        byte[] header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }
}
