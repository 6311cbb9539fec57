using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>The 3x3 depthwise convolutions of ShuffleNet V2 1.0x: stride 2 in each stage's first unit (both branches), stride 1 after.</summary>
public class DepthwiseConv3x3Benchmarks
{
    private float[] _input = [], _weights = [], _bias = [], _output = [];

    public static IEnumerable<DepthwiseShape> Shapes =>
    [
        new(24, 56, 56, 2),
        new(58, 56, 56, 2),
        new(116, 28, 28, 2),
        new(232, 14, 14, 2),
        new(58, 28, 28, 1),
        new(116, 14, 14, 1),
        new(232, 7, 7, 1),
    ];

    /// <summary>Set by BenchmarkDotNet before <see cref="Setup"/>.</summary>
    [ParamsSource(nameof(Shapes))]
    public DepthwiseShape Shape { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        DepthwiseShape s = Shape;
        _input = KernelData.Random(s.Channels * s.Height * s.Width, 1);
        _weights = KernelData.Random(s.Channels * 9, 2);
        _bias = KernelData.Random(s.Channels, 3);
        _output = new float[s.Channels * s.OutHeight * s.OutWidth];
    }

    [Benchmark]
    public void Run() => DepthwiseConv3x3.Run(_input, [], Shape.Height, Shape.Width, Shape.Stride, _weights, _bias, Shape.Channels,
        _output, [], Shape.OutHeight, Shape.OutWidth, Activation.Identity);
}
