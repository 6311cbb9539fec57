using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>Squeeze-and-excitation's channel scale in MobileNet V3 Large's first and last SE blocks (in place, one multiply per value).</summary>
public class SqueezeExciteScaleBenchmarks
{
    private float[] _planes = [], _gates = [];

    public static IEnumerable<GlobalPoolShape> Shapes =>
    [
        new(72, 28, 28),
        new(960, 7, 7),
    ];

    /// <summary>Set by BenchmarkDotNet before <see cref="Setup"/>.</summary>
    [ParamsSource(nameof(Shapes))]
    public GlobalPoolShape Shape { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _planes = KernelData.Random(Shape.Channels * Shape.Height * Shape.Width, 1);
        // Gates of 1 keep the planes' values from decaying over the benchmark's millions of in-place calls.
        _gates = new float[Shape.Channels];
        System.Array.Fill(_gates, 1f);
    }

    [Benchmark]
    public void Run() => SqueezeExciteScale.Run(_gates, Shape.Channels, _planes, [], Shape.Height, Shape.Width);
}
