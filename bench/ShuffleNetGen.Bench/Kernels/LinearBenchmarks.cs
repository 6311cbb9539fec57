using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>torchvision's <c>fc</c>: 1024 pooled features → 1000 logits (a matrix-vector product, bound by streaming the 4 MB of weights).</summary>
public class LinearBenchmarks
{
    private float[] _input = [], _weights = [], _bias = [], _output = [];

    public static IEnumerable<LinearShape> Shapes => [new(1024, 1000)];

    /// <summary>Set by BenchmarkDotNet before <see cref="Setup"/>.</summary>
    [ParamsSource(nameof(Shapes))]
    public LinearShape Shape { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _input = KernelData.Random(Shape.InFeatures, 1);
        _weights = KernelData.Random(Shape.OutFeatures * Shape.InFeatures, 2);
        _bias = KernelData.Random(Shape.OutFeatures, 3);
        _output = new float[Shape.OutFeatures];
    }

    [Benchmark]
    public void Run() => Linear.Run(_input, Shape.InFeatures, _weights, _bias, Shape.OutFeatures, _output);
}
