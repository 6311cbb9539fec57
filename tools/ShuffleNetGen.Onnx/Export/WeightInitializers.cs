using System;
using System.Collections.Generic;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Onnx.Model;
using ShuffleNetGen.Runtime.Weights;

namespace ShuffleNetGen.Onnx.Export;

/// <summary>Turns state_dict keys into float32 initializers named by the key, read from the weights file (safetensors or .pth) at the graph's shapes.</summary>
internal sealed class WeightInitializers
{
    private readonly Dictionary<string, WeightTensor> _shapes;
    private readonly WeightFile _file;
    private readonly OnnxGraphAssembler _graph;

    public WeightInitializers(LayerGraph graph, WeightFile file, OnnxGraphAssembler assembler)
    {
        _shapes = graph.Weights.ToDictionary(w => w.Key, StringComparer.Ordinal);
        _file = file;
        _graph = assembler;
    }

    /// <summary>Adds <paramref name="key"/> as an initializer on first use and returns its name (the key itself).</summary>
    public string Get(string key)
    {
        if (_graph.HasInitializer(key)) return key;
        if (!_shapes.TryGetValue(key, out WeightTensor? weight))
        {
            throw new InvalidOperationException($"The graph uses weight '{key}' but does not list its shape.");
        }
        int[] shape = weight.Shape.ToArray();
        var values = new float[weight.Elements];
        _file.ReadFloat32(key, shape, values);
        _graph.Initializer(OnnxTensor.FromFloats(key, shape.Select(d => (long)d).ToArray(), values));
        return key;
    }
}
