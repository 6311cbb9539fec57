using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Unicode;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>
/// Validates the safetensors prefix and header JSON (https://github.com/huggingface/safetensors, "Format").
/// Strict where the reference Rust reader is strict (dtypes, integer offsets, sizes, overlaps, duplicate keys); like it,
/// unknown fields inside a tensor entry are ignored. Gaps between tensors are allowed: they cannot corrupt a read.
/// </summary>
internal static class SafetensorsHeaderParser
{
    /// <summary>The reference implementation's limit (MAX_HEADER_SIZE); anything larger is corrupt, never allocated.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Bytes of the little-endian u64 header length that starts every file.</summary>
    public const int PrefixBytes = 8;

    private const string MetadataKey = "__metadata__";

    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 64,
    };

    /// <summary>Reads the header length from the 8-byte prefix and checks it against the limit and the bytes that follow.</summary>
    /// <param name="prefix">The first 8 bytes of the file.</param>
    /// <param name="bytesAfterPrefix">Bytes known to follow the prefix, or <see langword="null"/> for a stream of unknown length.</param>
    /// <param name="source">The file name for messages.</param>
    public static int ReadHeaderLength(ReadOnlySpan<byte> prefix, long? bytesAfterPrefix, string source)
    {
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (length > MaxHeaderBytes)
        {
            throw new WeightFileException(source, null,
                $"header length {length} bytes exceeds the {MaxHeaderBytes}-byte limit: not a safetensors file, or corrupt");
        }

        if (bytesAfterPrefix is long available && (long)length > available)
        {
            throw new WeightFileException(source, null,
                $"header length {length} bytes runs past the end of the file ({available} bytes follow the length prefix): truncated or corrupt");
        }

        return (int)length;
    }

    /// <summary>Parses and validates the header JSON.</summary>
    public static SafetensorsHeader Parse(ReadOnlyMemory<byte> json, string source)
    {
        if (!Utf8.IsValid(json.Span))
        {
            throw new WeightFileException(source, null, "header is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new WeightFileException(source, null, $"header is not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            return ParseRoot(document.RootElement, source);
        }
    }

    /// <summary>Checks that every tensor lies inside a data section of <paramref name="dataLength"/> bytes.</summary>
    public static void CheckWithinData(SafetensorsHeader header, long dataLength, string source)
    {
        if (header.DataEnd <= dataLength)
        {
            return;
        }

        SafetensorsTensorInfo first = header.Tensors.Values
            .Where(t => t.DataOffset + t.ByteLength > dataLength)
            .OrderBy(t => t.DataOffset).ThenBy(t => t.Key, StringComparer.Ordinal)
            .First();
        throw new WeightFileException(source, first.Key,
            $"data_offsets [{first.DataOffset}, {first.DataOffset + first.ByteLength}] run past the end of the data section " +
            $"({dataLength} bytes): the file is truncated or the offsets are wrong");
    }

    private static SafetensorsHeader ParseRoot(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new WeightFileException(source, null, $"header must be a JSON object, found {Describe(root.ValueKind)}");
        }

        var tensors = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
        IReadOnlyDictionary<string, string>? metadata = null;
        foreach (JsonProperty property in root.EnumerateObject())
        {
            string key = property.Name;
            if (key == MetadataKey)
            {
                if (metadata is not null)
                {
                    throw new WeightFileException(source, null, $"header has '{MetadataKey}' twice");
                }

                metadata = ParseMetadata(property.Value, source);
                continue;
            }

            // JsonDocument keeps duplicate properties; the format does not allow them (which one would be meant?).
            if (!tensors.TryAdd(key, ParseTensor(key, property.Value, source)))
            {
                throw new WeightFileException(source, key, "header lists this key twice");
            }
        }

        CheckNoOverlap(tensors.Values, source);
        long dataEnd = tensors.Count == 0 ? 0 : tensors.Values.Max(t => t.DataOffset + t.ByteLength);
        return new SafetensorsHeader(tensors, metadata ?? new Dictionary<string, string>(StringComparer.Ordinal), dataEnd);
    }

    private static Dictionary<string, string> ParseMetadata(JsonElement value, string source)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (value.ValueKind == JsonValueKind.Null)
        {
            return metadata;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new WeightFileException(source, null, $"'{MetadataKey}' must be an object of strings, found {Describe(value.ValueKind)}");
        }

        foreach (JsonProperty entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new WeightFileException(source, null,
                    $"'{MetadataKey}' entry '{entry.Name}' must be a string, found {Describe(entry.Value.ValueKind)}");
            }

            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
            {
                throw new WeightFileException(source, null, $"'{MetadataKey}' lists entry '{entry.Name}' twice");
            }
        }

        return metadata;
    }

    private static SafetensorsTensorInfo ParseTensor(string key, JsonElement entry, string source)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new WeightFileException(source, key,
                $"header entry must be an object with dtype, shape and data_offsets, found {Describe(entry.ValueKind)}");
        }

        JsonElement? dtypeField = null, shapeField = null, offsetsField = null;
        foreach (JsonProperty field in entry.EnumerateObject())
        {
            ref JsonElement? slot = ref dtypeField;
            switch (field.Name)
            {
                case "dtype": slot = ref dtypeField; break;
                case "shape": slot = ref shapeField; break;
                case "data_offsets": slot = ref offsetsField; break;
                default: continue;
            }

            if (slot is not null)
            {
                throw new WeightFileException(source, key, $"header entry has '{field.Name}' twice");
            }

            slot = field.Value;
        }

        SafetensorsDType dtype = ParseDType(key, Required(dtypeField, "dtype", key, source), source);
        long[] shape = ParseIntegers(key, Required(shapeField, "shape", key, source), "shape", source);
        long[] offsets = ParseIntegers(key, Required(offsetsField, "data_offsets", key, source), "data_offsets", source);
        if (offsets.Length != 2)
        {
            throw new WeightFileException(source, key, $"data_offsets must be [begin, end], found {offsets.Length} numbers");
        }

        long begin = offsets[0], end = offsets[1];
        if (begin > end)
        {
            throw new WeightFileException(source, key, $"data_offsets [{begin}, {end}] end before they begin");
        }

        long byteLength = ByteLength(key, dtype, shape, source);
        if (byteLength != end - begin)
        {
            throw new WeightFileException(source, key,
                $"shape {FormatShape(shape)} of {SafetensorsDTypeNames.Name(dtype)} needs {byteLength} bytes, " +
                $"but data_offsets [{begin}, {end}] span {end - begin}");
        }

        return new SafetensorsTensorInfo(key, dtype, Array.AsReadOnly(shape), begin, byteLength);
    }

    private static JsonElement Required(JsonElement? field, string name, string key, string source) =>
        field ?? throw new WeightFileException(source, key, $"header entry has no '{name}'");

    private static SafetensorsDType ParseDType(string key, JsonElement value, string source)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new WeightFileException(source, key, $"dtype must be a string, found {Describe(value.ValueKind)}");
        }

        string name = value.GetString()!;
        if (!SafetensorsDTypeNames.TryParse(name, out SafetensorsDType dtype))
        {
            throw new WeightFileException(source, key, $"unsupported dtype '{name}' (supported: {SafetensorsDTypeNames.Supported})");
        }

        return dtype;
    }

    private static long[] ParseIntegers(string key, JsonElement value, string field, string source)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new WeightFileException(source, key, $"{field} must be an array of integers, found {Describe(value.ValueKind)}");
        }

        var numbers = new long[value.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in value.EnumerateArray())
        {
            // TryGetInt64 rejects fractions, exponents and values beyond long; the format has none of them.
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long number) || number < 0)
            {
                throw new WeightFileException(source, key,
                    $"{field} must hold non-negative integers, found {(item.ValueKind == JsonValueKind.Number ? item.GetRawText() : Describe(item.ValueKind))}");
            }

            numbers[i++] = number;
        }

        return numbers;
    }

    private static long ByteLength(string key, SafetensorsDType dtype, long[] shape, string source)
    {
        try
        {
            long count = 1;
            foreach (long dimension in shape)
            {
                count = checked(count * dimension);
            }

            return checked(count * SafetensorsDTypeNames.ElementSize(dtype));
        }
        catch (OverflowException e)
        {
            throw new WeightFileException(source, key, $"shape {FormatShape(shape)} has more bytes than a file can hold", e);
        }
    }

    private static void CheckNoOverlap(IEnumerable<SafetensorsTensorInfo> tensors, string source)
    {
        SafetensorsTensorInfo? previous = null;
        // Empty tensors occupy no bytes, so they cannot overlap anything.
        foreach (SafetensorsTensorInfo tensor in tensors.Where(t => t.ByteLength > 0)
                     .OrderBy(t => t.DataOffset).ThenBy(t => t.Key, StringComparer.Ordinal))
        {
            if (previous is not null && tensor.DataOffset < previous.DataOffset + previous.ByteLength)
            {
                throw new WeightFileException(source, tensor.Key,
                    $"data_offsets [{tensor.DataOffset}, {tensor.DataOffset + tensor.ByteLength}] overlap tensor '{previous.Key}' " +
                    $"[{previous.DataOffset}, {previous.DataOffset + previous.ByteLength}]");
            }

            if (previous is null || tensor.DataOffset + tensor.ByteLength > previous.DataOffset + previous.ByteLength)
            {
                previous = tensor;
            }
        }
    }

    /// <summary>Formats a shape the way PyTorch users read it: <c>[24, 1, 3, 3]</c>.</summary>
    public static string FormatShape<T>(IEnumerable<T> shape) where T : IFormattable =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(null, CultureInfo.InvariantCulture))) + "]";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
