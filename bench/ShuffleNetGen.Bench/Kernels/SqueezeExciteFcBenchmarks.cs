using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>Squeeze-and-excitation's fc1 and fc2 in MobileNet V3 Large's last blocks: 960 → 240 (ReLU) and 240 → 960 (hard sigmoid).</summary>
public class SqueezeExciteFcBenchmarks
{
    private float[] _input = [], _weights = [], _bias = [], _output = [];

    public static IEnumerable<LinearShape> Shapes =>
    [
        new(960, 240),
        new(240, 960),
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
    public void Run() => SqueezeExciteFc.Run(_input, [], Shape.InFeatures, _weights, _bias, Shape.OutFeatures, _output, [], Activation.HardSigmoid);
}
