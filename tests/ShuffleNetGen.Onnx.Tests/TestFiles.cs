using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Onnx.Export;
using ShuffleNetGen.Runtime.Weights;

namespace ShuffleNetGen.Onnx.Tests;

/// <summary>A fresh temporary directory per test, deleted on dispose.</summary>
internal sealed class TestFiles : IDisposable
{
    public TestFiles() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sng-onnx-" + Guid.NewGuid().ToString("N"));

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Writes the weights as F32 safetensors at the graph's shapes, then exports the ONNX model; returns its path.</summary>
    public string ExportOnnx(LayerGraph graph, IReadOnlyDictionary<string, float[]> weights)
    {
        string weightsPath = PathOf(graph.Spec.Name + ".safetensors");
        using (var stream = File.Create(weightsPath))
        {
            SafetensorsWriter.Write(stream, graph.Weights.Select(w => SafetensorsTensor.FromFloats(w.Key, w.Shape.ToArray(), weights[w.Key])));
        }
        return ExportOnnx(graph, weightsPath);
    }

    /// <summary>Exports the graph with the weights of an existing safetensors file; returns the ONNX model's path.</summary>
    public string ExportOnnx(LayerGraph graph, string weightsPath)
    {
        string onnxPath = PathOf(graph.Spec.Name + ".onnx");
        using SafetensorsFile file = SafetensorsFile.Open(weightsPath);
        OnnxExporter.Export(graph, file, onnxPath);
        return onnxPath;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
