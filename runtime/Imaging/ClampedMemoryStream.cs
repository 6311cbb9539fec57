using System;
using System.IO;

namespace ShuffleNetGen.Runtime.Imaging;

/// <summary>
/// The encoded bytes as the stream StbImageSharp reads, with seeks clamped to the end. StbImageSharp skips a marker's
/// declared length by seeking and tests for the end by <c>Position == Length</c>: a JPEG segment whose length points past
/// the end left the position beyond it, and the decoder scanning for the next marker never stopped (found by the fuzz tests).
/// </summary>
internal sealed unsafe class ClampedMemoryStream : UnmanagedMemoryStream
{
    public ClampedMemoryStream(byte* start, long length)
        : base(start, length)
    {
    }

    public override long Position
    {
        get => base.Position;
        set => base.Position = Math.Clamp(value, 0, Length);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => Length + offset,
        };
        return base.Seek(Math.Clamp(target, 0, Length), SeekOrigin.Begin);
    }
}
