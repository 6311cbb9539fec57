using System;
using System.Collections.Generic;

namespace ShuffleNetGen.Onnx.Model;

/// <summary>An <c>AttributeProto</c> holding one float, one int or a list of ints; <see cref="Type"/> says which.</summary>
internal sealed record OnnxAttribute(string Name, OnnxAttributeType Type, float Float, long Int, IReadOnlyList<long> Ints)
{
    public static OnnxAttribute Of(string name, float value) => new(name, OnnxAttributeType.Float, value, 0, Array.Empty<long>());

    public static OnnxAttribute Of(string name, long value) => new(name, OnnxAttributeType.Int, 0, value, Array.Empty<long>());

    public static OnnxAttribute Of(string name, params long[] values) => new(name, OnnxAttributeType.Ints, 0, 0, values);
}
