using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>The 5x5 depthwise convolutions of MobileNet V3 Large: each stage's first at stride 2, the others at stride 1.</summary>
public class DepthwiseConv5x5Benchmarks
{
    private float[] _input = [], _weights = [], _bias = [], _output = [];

    public static IEnumerable<Depthwise5x5Shape> Shapes =>
    [
        new(72, 56, 56, 2),
        new(120, 28, 28, 1),
        new(672, 14, 14, 2),
        new(960, 7, 7, 1),
    ];

    /// <summary>Set by BenchmarkDotNet before <see cref="Setup"/>.</summary>
    [ParamsSource(nameof(Shapes))]
    public Depthwise5x5Shape Shape { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        Depthwise5x5Shape s = Shape;
        _input = KernelData.Random(s.Channels * s.Height * s.Width, 1);
        _weights = KernelData.Random(s.Channels * 25, 2);
        _bias = KernelData.Random(s.Channels, 3);
        _output = new float[s.Channels * s.OutHeight * s.OutWidth];
    }

    [Benchmark]
    public void Run() => DepthwiseConv5x5.Run(_input, [], Shape.Height, Shape.Width, Shape.Stride, _weights, _bias, Shape.Channels,
        _output, [], Shape.OutHeight, Shape.OutWidth, Activation.HardSwish);
}
