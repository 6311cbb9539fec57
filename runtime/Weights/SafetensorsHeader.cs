using System.Collections.Generic;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>A parsed, self-consistent safetensors header (not yet checked against the data section's length).</summary>
/// <param name="Tensors">Every tensor entry by key.</param>
/// <param name="Metadata">The <c>__metadata__</c> map (empty when absent).</param>
/// <param name="DataEnd">The largest end offset of any tensor: the data-section bytes a reader needs.</param>
internal sealed record SafetensorsHeader(
    IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors,
    IReadOnlyDictionary<string, string> Metadata,
    long DataEnd);
