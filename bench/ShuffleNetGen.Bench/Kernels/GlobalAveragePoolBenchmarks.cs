using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>The mean before the classifier: ShuffleNet V2 1.0x's 1024 planes of 7×7, and MobileNet V2's 1280.</summary>
public class GlobalAveragePoolBenchmarks
{
    private float[] _input = [], _output = [];

    public static IEnumerable<GlobalPoolShape> Shapes => [new(1024, 7, 7), new(1280, 7, 7)];

    /// <summary>Set by BenchmarkDotNet before <see cref="Setup"/>.</summary>
    [ParamsSource(nameof(Shapes))]
    public GlobalPoolShape Shape { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _input = KernelData.Random(Shape.Channels * Shape.Height * Shape.Width, 1);
        _output = new float[Shape.Channels];
    }

    [Benchmark]
    public void Run() => GlobalAveragePool.Run(_input, default, Shape.Height * Shape.Width, Shape.Channels, _output);
}
