using System.Collections.Generic;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>One tensor's entry in a safetensors header, already validated against the file.</summary>
/// <param name="Key">The <c>state_dict</c> name, e.g. <c>stage2.0.branch1.0.weight</c>.</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The dimensions, outermost first; empty for a scalar.</param>
/// <param name="DataOffset">Offset of the first byte from the start of the data section (the byte after the header).</param>
/// <param name="ByteLength">Number of bytes: the element count times the element size.</param>
public sealed record SafetensorsTensorInfo(string Key, SafetensorsDType DType, IReadOnlyList<long> Shape, long DataOffset, long ByteLength)
{
    /// <summary>The number of elements: the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long ElementCount => ByteLength / SafetensorsDTypeNames.ElementSize(DType);
}
