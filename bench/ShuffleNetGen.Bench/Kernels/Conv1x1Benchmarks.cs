using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>The 1x1 convolutions of ShuffleNet V2 1.0x (torchvision <c>shufflenet_v2_x1_0</c>), bias + ReLU in the store.</summary>
public class Conv1x1Benchmarks
{
    private float[] _input = [], _packedWeights = [], _packedBias = [], _output = [];

    /// <summary>Stage 2's first branch conv, then each stage's branch convs at stride 1 and 2, and conv5.</summary>
    public static IEnumerable<Conv1x1Shape> Shapes =>
    [
        new(24, 58, 56, 56),
        new(58, 58, 28, 28),
        new(116, 116, 28, 28),
        new(116, 116, 14, 14),
        new(232, 232, 14, 14),
        new(232, 232, 7, 7),
        new(464, 464, 7, 7),
        new(464, 1024, 7, 7),
    ];

    /// <summary>Set by BenchmarkDotNet before <see cref="Setup"/>.</summary>
    [ParamsSource(nameof(Shapes))]
    public Conv1x1Shape Shape { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        Conv1x1Shape s = Shape;
        _input = KernelData.Random(s.InChannels * s.Pixels, 1);
        _packedWeights = new float[Conv1x1.PackedWeightsLength(s.OutChannels, s.InChannels)];
        _packedBias = new float[Conv1x1.PackedBiasLength(s.OutChannels)];
        Conv1x1.PackWeights(KernelData.Random(s.OutChannels * s.InChannels, 2), KernelData.Random(s.OutChannels, 3),
            s.OutChannels, s.InChannels, _packedWeights, _packedBias);
        _output = new float[s.OutChannels * s.Pixels];
    }

    [Benchmark]
    public void Run() => Conv1x1.Run(_input, [], Shape.Pixels, _packedWeights, _packedBias, Shape.InChannels, Shape.OutChannels,
        _output, [], Activation.Relu, residual: false);
}
