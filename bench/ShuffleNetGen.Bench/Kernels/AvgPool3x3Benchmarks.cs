using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>ShuffleNet V1's <c>branch_proj</c> (AvgPool2d(3, 2, 1), counting padding) of g3 1.0x's stage-3 unit: 240 planes of 28×28.</summary>
public class AvgPool3x3Benchmarks
{
    private float[] _input = [], _output = [];

    public static IEnumerable<AvgPoolShape> Shapes => [new(240, 28, 28, 2)];

    /// <summary>Set by BenchmarkDotNet before <see cref="Setup"/>.</summary>
    [ParamsSource(nameof(Shapes))]
    public AvgPoolShape Shape { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _input = KernelData.Random(Shape.Channels * Shape.Height * Shape.Width, 1);
        _output = new float[Shape.Channels * Shape.OutHeight * Shape.OutWidth];
    }

    [Benchmark]
    public void Run() => AvgPool3x3.Run(_input, default, Shape.Height, Shape.Width, Shape.Stride, Shape.Channels, _output, default,
        Shape.OutHeight, Shape.OutWidth, Activation.Identity);
}
