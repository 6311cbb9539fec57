using System;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>Where a <see cref="SafetensorsFile"/> gets tensor bytes from: the file on disk, or a buffered stream.</summary>
internal abstract class TensorByteSource : IDisposable
{
    /// <summary>Fills <paramref name="destination"/> with the bytes at <paramref name="dataOffset"/> of the data section.</summary>
    /// <param name="dataOffset">Offset from the start of the data section; the caller has checked the range is inside it.</param>
    /// <param name="destination">Receives exactly its length in bytes.</param>
    /// <param name="key">The tensor being read, for messages.</param>
    public abstract void Read(long dataOffset, Span<byte> destination, string key);

    public abstract void Dispose();
}
