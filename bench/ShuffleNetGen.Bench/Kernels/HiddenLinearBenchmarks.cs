using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>MobileNet V3's classifier.0 + Hardswish: Large 960 → 1280, Small 576 → 1024.</summary>
public class HiddenLinearBenchmarks
{
    private float[] _input = [], _weights = [], _bias = [], _output = [];

    public static IEnumerable<LinearShape> Shapes =>
    [
        new(960, 1280),
        new(576, 1024),
    ];

    /// <summary>Set by BenchmarkDotNet before <see cref="Setup"/>.</summary>
    [ParamsSource(nameof(Shapes))]
    public LinearShape Shape { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _input = KernelData.Random(Shape.InFeatures, 1);
        _weights = KernelData.Random(Shape.InFeatures * Shape.OutFeatures, 2);
        _bias = KernelData.Random(Shape.OutFeatures, 3);
        _output = new float[Shape.OutFeatures];
    }

    [Benchmark]
    public void Run() => HiddenLinear.Run(_input, Shape.InFeatures, _weights, _bias, Shape.OutFeatures, _output, Activation.HardSwish);
}
