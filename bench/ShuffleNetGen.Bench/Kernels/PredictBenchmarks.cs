using System;
using System.Collections.Generic;
using System.IO;
using BenchmarkDotNet.Attributes;
using ShuffleNetGen.Bench.Models;
using ShuffleNetGen.Reference;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>
/// One image through the generated ShuffleNet V2 1.0x with seeded random weights, on one thread and split over every core;
/// the memory column must read 0 B either way.
/// </summary>
public class PredictBenchmarks
{
    private string _directory = "";
    private Predictor _predict = null!;
    private float[] _input = [], _output = [];

    public static IEnumerable<ModelCase> Shapes => [Case(BenchModels.Find("shufflenet_v2_x1_0"))];

    /// <summary>Set by BenchmarkDotNet before <see cref="Setup"/>; named like the kernels' parameter so the joined summary has one column for it.</summary>
    [ParamsSource(nameof(Shapes))]
    public ModelCase Shape { get; set; } = null!;

    /// <summary>1, and every core when there are several.</summary>
    public static IEnumerable<int> ThreadCounts => Environment.ProcessorCount > 1 ? [1, Environment.ProcessorCount] : [1];

    /// <summary>The model's <c>MaxThreads</c>.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        BenchModel model = BenchModels.Find(Shape.Name);
        _directory = Directory.CreateTempSubdirectory("sng-bench-").FullName;
        ModelArtifacts files = ModelArtifacts.Create(model, seed: 1234, _directory, withOnnx: false);
        LoadedModel loaded = model.Load(files.WeightsPath);
        loaded.SetMaxThreads(Threads);
        _predict = loaded.Predict;
        _input = RandomInput.Create(model.InputLength, 1235);
        _output = new float[model.Info.Classes];
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark]
    public void Predict() => _predict(_input, _output, 1);

    private static ModelCase Case(BenchModel model) => new(model.Name, model.Info.MultiplyAdds);
}
