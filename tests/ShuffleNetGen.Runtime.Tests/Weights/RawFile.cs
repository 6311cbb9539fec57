using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using ShuffleNetGen.Runtime.Weights;

namespace ShuffleNetGen.Runtime.Tests.Weights;

/// <summary>Assembles safetensors bytes by hand (not with the writer under test) and opens them every way the runtime can.</summary>
public static class RawFile
{
    /// <summary>u64 little-endian header length, the header text as UTF-8, then the data bytes.</summary>
    public static byte[] Assemble(string headerJson, byte[] data) => Assemble(Encoding.UTF8.GetBytes(headerJson), data);

    public static byte[] Assemble(byte[] header, byte[] data, ulong? declaredHeaderLength = null)
    {
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredHeaderLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    /// <summary>How a test hands bytes to the reader.</summary>
    public enum Access { SeekableStream, ShortReadStream, FilePath }

    /// <summary>Opens <paramref name="bytes"/> with <paramref name="access"/>; returns the file and the name it should report.</summary>
    public static SafetensorsFileScope Open(byte[] bytes, Access access)
    {
        switch (access)
        {
            case Access.SeekableStream:
                return new SafetensorsFileScope(() => SafetensorsFile.Read(new MemoryStream(bytes, writable: false), "memory.safetensors"), "memory.safetensors", null);
            case Access.ShortReadStream:
                return new SafetensorsFileScope(() => SafetensorsFile.Read(new ShortReadStream(bytes), "stream.safetensors"), "stream.safetensors", null);
            default:
                string path = Path.Combine(Path.GetTempPath(), $"sng-{Guid.NewGuid():N}.safetensors");
                File.WriteAllBytes(path, bytes);
                return new SafetensorsFileScope(() => SafetensorsFile.Open(path), path, path);
        }
    }
}

/// <summary>A way to open one set of bytes, the name errors should carry, and the temporary file to delete afterwards.</summary>
public sealed class SafetensorsFileScope(Func<SafetensorsFile> open, string expectedName, string? temporaryPath) : IDisposable
{
    public string ExpectedName { get; } = expectedName;

    public SafetensorsFile Open() => open();

    public void Dispose()
    {
        if (temporaryPath is not null)
        {
            File.Delete(temporaryPath);
        }
    }
}
