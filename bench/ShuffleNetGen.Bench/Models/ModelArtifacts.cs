using System;
using System.Collections.Generic;
using System.IO;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Spec;
using ShuffleNetGen.Onnx.Export;
using ShuffleNetGen.Onnx.Ort;
using ShuffleNetGen.Reference;
using ShuffleNetGen.Runtime.Weights;

namespace ShuffleNetGen.Bench.Models;

/// <summary>
/// One canonical model's files for a run: seeded random weights saved as the reference PyTorch <c>state_dict</c> would be
/// (safetensors), and the ONNX export of the same graph and weights, so both engines compute with identical numbers.
/// </summary>
internal sealed class ModelArtifacts
{
    private ModelArtifacts(string weightsPath, string? onnxPath)
    {
        WeightsPath = weightsPath;
        OnnxPath = onnxPath;
    }

    public string WeightsPath { get; }

    /// <summary>Null when only the weights were written.</summary>
    public string? OnnxPath { get; }

    /// <summary>Writes <c>{name}.safetensors</c> (and <c>{name}.onnx</c> when <paramref name="withOnnx"/>) into <paramref name="directory"/>.</summary>
    public static ModelArtifacts Create(BenchModel model, int seed, string directory, bool withOnnx)
    {
        LayerGraph graph = Graph(model);
        Dictionary<string, float[]> weights = RandomWeights.Create(graph, seed);
        string weightsPath = Path.Combine(directory, model.Name + ".safetensors");
        RandomWeights.WriteSafetensors(graph, weights, weightsPath);
        if (!withOnnx) return new ModelArtifacts(weightsPath, null);

        string onnxPath = Path.Combine(directory, model.Name + ".onnx");
        using SafetensorsFile file = SafetensorsFile.Open(weightsPath);
        OnnxExporter.Export(graph, file, onnxPath);
        return new ModelArtifacts(weightsPath, onnxPath);
    }

    /// <summary>The spec parsed and lowered again at run time: the same LayerGraph the generator compiled.</summary>
    public static LayerGraph Graph(BenchModel model)
    {
        string path = Path.Combine(RepositoryRoot.Find(), model.SpecFile);
        SpecParseResult parsed = SpecParser.Parse(path, File.ReadAllText(path));
        ModelSpec spec = parsed.Spec ?? throw new InvalidOperationException($"{model.SpecFile} did not parse: {string.Join("; ", parsed.Diagnostics)}");
        LoweringResult lowered = ModelLowering.Lower(spec);
        return lowered.Graph ?? throw new InvalidOperationException($"{model.SpecFile} did not lower: {string.Join("; ", lowered.Diagnostics)}");
    }
}
