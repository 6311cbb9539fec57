using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>Reads and validates a safetensors prefix and header from a file or a stream, and sets up access to the data.</summary>
internal static class SafetensorsLoader
{
    /// <summary>First allocation when the byte count comes from an unverified header: grow only as bytes actually arrive.</summary>
    private const int InitialStreamBuffer = 1 << 20;

    public static (SafetensorsHeader Header, TensorByteSource Bytes) OpenFile(string path)
    {
        SafeFileHandle handle = WeightFilePath.OpenHandle(path);
        try
        {
            long length = GetLength(handle, path);
            if (length < SafetensorsHeaderParser.PrefixBytes)
            {
                throw new WeightFileException(path, null, $"file ends after {length} bytes, before the 8-byte header length");
            }

            Span<byte> prefix = stackalloc byte[SafetensorsHeaderParser.PrefixBytes];
            FileTensorByteSource.ReadAt(handle, prefix, 0, path, null);
            WeightFileFormat.ThrowIfNotSafetensors(prefix, path);
            int headerLength = SafetensorsHeaderParser.ReadHeaderLength(prefix, length - prefix.Length, path);
            var json = new byte[headerLength];
            FileTensorByteSource.ReadAt(handle, json, prefix.Length, path, null);
            SafetensorsHeader header = SafetensorsHeaderParser.Parse(json, path);
            long dataStart = prefix.Length + (long)headerLength;
            SafetensorsHeaderParser.CheckWithinData(header, length - dataStart, path);
            return (header, new FileTensorByteSource(handle, dataStart, path));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public static (SafetensorsHeader Header, TensorByteSource Bytes) ReadStream(Stream stream, string source)
    {
        // A seekable stream tells its length up front, so lengths are checked before anything is allocated.
        long? remaining = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : null;
        Span<byte> prefix = stackalloc byte[SafetensorsHeaderParser.PrefixBytes];
        int got;
        try
        {
            got = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        }
        catch (IOException e)
        {
            throw new WeightFileException(source, null, $"cannot read the stream ({e.Message})", e);
        }

        return ReadStream(prefix[..got], remaining, stream, source);
    }

    /// <summary>
    /// Reads the rest of a safetensors stream whose first bytes (up to 8; <paramref name="prefix"/>) the caller has read
    /// already; <paramref name="remaining"/> is the bytes the stream held before them, when it knows its length.
    /// </summary>
    public static (SafetensorsHeader Header, TensorByteSource Bytes) ReadStream(ReadOnlySpan<byte> prefix, long? remaining, Stream stream, string source)
    {
        try
        {
            if (prefix.Length < SafetensorsHeaderParser.PrefixBytes)
            {
                throw new WeightFileException(source, null, $"stream ends after {prefix.Length} bytes, before the 8-byte header length");
            }

            WeightFileFormat.ThrowIfNotSafetensors(prefix, source);
            int headerLength = SafetensorsHeaderParser.ReadHeaderLength(prefix, remaining - prefix.Length, source);
            byte[] json = ReadUpTo(stream, headerLength);
            if (json.Length < headerLength)
            {
                throw new WeightFileException(source, null,
                    $"header length {headerLength} bytes runs past the end of the stream ({json.Length} bytes follow the length prefix): truncated or corrupt");
            }

            SafetensorsHeader header = SafetensorsHeaderParser.Parse(json, source);
            if (remaining is long known)
            {
                SafetensorsHeaderParser.CheckWithinData(header, known - prefix.Length - headerLength, source);
            }

            if (header.DataEnd > Array.MaxLength)
            {
                throw new WeightFileException(source, null,
                    $"data section of {header.DataEnd} bytes is too large to buffer from a stream; open the file by path instead");
            }

            // Read what the tensors need, not to the end: the stream may carry more after the file.
            byte[] data = ReadUpTo(stream, (int)header.DataEnd);
            SafetensorsHeaderParser.CheckWithinData(header, data.Length, source);
            return (header, new BufferedTensorByteSource(data));
        }
        catch (IOException e)
        {
            throw new WeightFileException(source, null, $"cannot read the stream ({e.Message})", e);
        }
    }

    private static long GetLength(SafeFileHandle handle, string path)
    {
        try
        {
            return RandomAccess.GetLength(handle);
        }
        catch (IOException e)
        {
            throw new WeightFileException(path, null, $"cannot read the file's length ({e.Message})", e);
        }
    }

    /// <summary>Reads up to <paramref name="count"/> bytes, fewer only if the stream ends; tolerates short reads.</summary>
    private static byte[] ReadUpTo(Stream stream, int count)
    {
        var buffer = new byte[Math.Min(count, InitialStreamBuffer)];
        int filled = 0;
        while (filled < count)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(count, 2L * buffer.Length));
            }

            int read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                Array.Resize(ref buffer, filled);
                break;
            }

            filled += read;
        }

        return buffer;
    }
}
