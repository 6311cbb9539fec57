using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>
/// Reads tensor bytes from an open file by position (<see cref="RandomAccess"/>), so only the header is held in memory
/// and concurrent reads of different tensors share no file pointer.
/// </summary>
internal sealed class FileTensorByteSource(SafeFileHandle handle, long dataStart, string source) : TensorByteSource
{
    public override void Read(long dataOffset, Span<byte> destination, string key) =>
        ReadAt(handle, destination, dataStart + dataOffset, source, key);

    public override void Dispose() => handle.Dispose();

    /// <summary>Fills <paramref name="destination"/> from <paramref name="position"/>, looping over short reads.</summary>
    public static void ReadAt(SafeFileHandle handle, Span<byte> destination, long position, string source, string? key)
    {
        try
        {
            while (!destination.IsEmpty)
            {
                int read = RandomAccess.Read(handle, destination, position);
                if (read == 0)
                {
                    // Lengths were checked against the file's size at open, so the file shrank while open.
                    throw new WeightFileException(source, key, $"file ends at byte {position}, before the bytes the header promises: truncated while open");
                }

                destination = destination[read..];
                position += read;
            }
        }
        catch (IOException e)
        {
            throw new WeightFileException(source, key, $"cannot read the file ({e.Message})", e);
        }
    }
}
