using System;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>The data section held in memory, for <see cref="SafetensorsFile.Read(System.IO.Stream, string)"/>: the caller may close its stream.</summary>
internal sealed class BufferedTensorByteSource(byte[] data) : TensorByteSource
{
    public override void Read(long dataOffset, Span<byte> destination, string key) =>
        data.AsSpan(checked((int)dataOffset), destination.Length).CopyTo(destination);

    public override void Dispose()
    {
        // Nothing to release: the buffer goes with the garbage collector.
    }
}
