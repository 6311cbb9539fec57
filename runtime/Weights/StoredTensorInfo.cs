using System.Collections.Generic;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>One tensor of a <see cref="WeightFile"/>, whatever the format: its key, element type and shape.</summary>
/// <param name="Key">The <c>state_dict</c> name as the model sees it (a DataParallel <c>module.</c> prefix already stripped).</param>
/// <param name="DType">The element type as stored.</param>
/// <param name="Shape">The dimensions, outermost first; empty for a scalar.</param>
public sealed record StoredTensorInfo(string Key, SafetensorsDType DType, IReadOnlyList<long> Shape);
