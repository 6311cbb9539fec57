using System.Collections.Generic;

namespace ShuffleNetGen.Onnx.Model;

/// <summary>A <c>GraphProto</c>: nodes in topological order, weights as initializers (not listed as inputs, IR version 4+).</summary>
internal sealed record OnnxGraph(string Name, IReadOnlyList<OnnxNode> Nodes, IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs, IReadOnlyList<OnnxValueInfo> Outputs);

/// <summary>A <c>ModelProto</c> importing one version of the default operator set.</summary>
internal sealed record OnnxModel(OnnxGraph Graph, long IrVersion, long OpsetVersion, string ProducerName)
{
    /// <summary>IR version 8 with opset 17: what <c>torch.onnx.export(..., opset_version=17)</c> writes.</summary>
    public static OnnxModel Create(OnnxGraph graph) => new(graph, IrVersion: 8, OpsetVersion: 17, ProducerName: "ShuffleNetGen");
}
