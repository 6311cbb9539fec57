using System.Collections.Generic;

namespace ShuffleNetGen.Onnx.Model;

/// <summary>A <c>NodeProto</c> of the default (ai.onnx) domain.</summary>
internal sealed record OnnxNode(string OpType, string Name, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyList<OnnxAttribute> Attributes);
