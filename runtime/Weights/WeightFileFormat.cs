using System;
using System.Buffers.Binary;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>The formats a weights file may be in, told apart by its first 8 bytes (never by its name).</summary>
internal enum WeightFileKind
{
    /// <summary>safetensors: a little-endian u64 header length, then the JSON header.</summary>
    Safetensors,

    /// <summary>A zip archive, as <c>torch.save</c> has written since PyTorch 1.6.</summary>
    ZipCheckpoint,

    /// <summary>A bare pickle stream: <c>torch.save</c>'s legacy format (PyTorch &lt; 1.6, or <c>_use_new_zipfile_serialization=False</c>).</summary>
    LegacyCheckpoint,
}

/// <summary>Detects the format from the first bytes and explains the formats the reader at hand does not take.</summary>
internal static class WeightFileFormat
{
    /// <summary>Bytes <see cref="Detect"/> looks at.</summary>
    public const int PrefixBytes = 8;

    /// <summary>
    /// A zip's local file header signature <c>PK\x03\x04</c> read as a header length is 67,324,752 bytes (plus the next four
    /// bytes times 2^32): a safetensors header that large is possible in principle, but no writer produces one.
    /// A pickle starts with PROTO (0x80) and a protocol of 2 to 5; as a safetensors header length it is far past the
    /// format's limit whenever the bytes after it are not zero, which they never are in a pickle.
    /// </summary>
    public static WeightFileKind Detect(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length >= 4 && prefix[0] == (byte)'P' && prefix[1] == (byte)'K' && prefix[2] == 3 && prefix[3] == 4)
        {
            return WeightFileKind.ZipCheckpoint;
        }

        if (prefix.Length >= PrefixBytes && prefix[0] == 0x80 && prefix[1] is >= 2 and <= 5
            && BinaryPrimitives.ReadUInt64LittleEndian(prefix) > SafetensorsHeaderParser.MaxHeaderBytes)
        {
            return WeightFileKind.LegacyCheckpoint;
        }

        return WeightFileKind.Safetensors;
    }

    /// <summary>What to do with a pre-1.6 <c>torch.save</c> file, which no reader here takes.</summary>
    public const string LegacyProblem =
        "is a pickle file, the legacy torch.save format (PyTorch < 1.6, or _use_new_zipfile_serialization=False), which is not read here: " +
        "re-save it with PyTorch >= 1.6 as torch.save(torch.load(path), new_path), or as safetensors";

    /// <summary>Throws when <paramref name="prefix"/> starts a PyTorch checkpoint, for readers that take safetensors only.</summary>
    public static void ThrowIfNotSafetensors(ReadOnlySpan<byte> prefix, string source)
    {
        switch (Detect(prefix))
        {
            case WeightFileKind.ZipCheckpoint:
                throw new WeightFileException(source, null,
                    "is a zip archive (a PyTorch checkpoint written by torch.save?), not a safetensors file: open it with WeightFile.Open or the model's Load, which read both");
            case WeightFileKind.LegacyCheckpoint:
                throw new WeightFileException(source, null, LegacyProblem);
        }
    }
}
