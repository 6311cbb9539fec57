using System;
using System.Collections.Generic;
using ShuffleNetGen.Onnx.Model;

namespace ShuffleNetGen.Onnx.Export;

/// <summary>Collects nodes and initializers in the order they are appended; initializer names must be unique.</summary>
internal sealed class OnnxGraphAssembler
{
    private readonly List<OnnxNode> _nodes = new();
    private readonly List<OnnxTensor> _initializers = new();
    private readonly HashSet<string> _initializerNames = new(StringComparer.Ordinal);

    public IReadOnlyList<OnnxNode> Nodes => _nodes;

    public IReadOnlyList<OnnxTensor> Initializers => _initializers;

    public bool HasInitializer(string name) => _initializerNames.Contains(name);

    public void Node(string opType, string name, string[] inputs, string[] outputs, params OnnxAttribute[] attributes) =>
        _nodes.Add(new OnnxNode(opType, name, inputs, outputs, attributes));

    public void Initializer(OnnxTensor tensor)
    {
        if (!_initializerNames.Add(tensor.Name))
        {
            throw new InvalidOperationException($"Initializer '{tensor.Name}' is defined twice.");
        }
        _initializers.Add(tensor);
    }

    /// <summary>A one-dimensional INT64 constant (Reshape's shape, Split's sizes), returned by name.</summary>
    public string Int64Constant(string name, params long[] values)
    {
        Initializer(OnnxTensor.FromInt64s(name, values));
        return name;
    }

    /// <summary>A scalar FLOAT constant (Clip's min and max), returned by name.</summary>
    public string FloatConstant(string name, float value)
    {
        Initializer(OnnxTensor.FromFloats(name, Array.Empty<long>(), [value]));
        return name;
    }
}
