using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>
/// torchvision's <c>maxpool</c> after ShuffleNet V2's stem: 3x3 stride 2 over 24 planes of 112×112; SqueezeNet 1.0's first
/// <c>MaxPool2d(3, 2, ceil_mode=True)</c> over 96 planes of 109×109.
/// </summary>
public class MaxPool3x3Benchmarks
{
    private float[] _input = [], _output = [];

    public static IEnumerable<MaxPoolShape> Shapes => [new(24, 112, 112, 2), new(96, 109, 109, 2, Padding: 0)];

    /// <summary>Set by BenchmarkDotNet before <see cref="Setup"/>.</summary>
    [ParamsSource(nameof(Shapes))]
    public MaxPoolShape Shape { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _input = KernelData.Random(Shape.Channels * Shape.Height * Shape.Width, 1);
        _output = new float[Shape.Channels * Shape.OutHeight * Shape.OutWidth];
    }

    [Benchmark]
    public void Run() => MaxPool3x3.Run(_input, Shape.Channels, Shape.Height, Shape.Width, Shape.Stride, Shape.Padding, _output,
        Shape.OutHeight, Shape.OutWidth);
}
