using System.Collections.Generic;

namespace ShuffleNetGen.Onnx.Model;

/// <summary>One <c>TensorShapeProto.Dimension</c>: a fixed size, or a symbolic name such as the batch <c>N</c>.</summary>
internal sealed record OnnxDimension(long Value, string? Param)
{
    public static OnnxDimension Fixed(long value) => new(value, null);

    public static OnnxDimension Symbolic(string name) => new(0, name);
}

/// <summary>A graph input or output: a <c>ValueInfoProto</c> of tensor type with a shape.</summary>
internal sealed record OnnxValueInfo(string Name, OnnxDataType ElementType, IReadOnlyList<OnnxDimension> Shape);
