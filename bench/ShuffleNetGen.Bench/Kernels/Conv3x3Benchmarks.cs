using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>SqueezeNet's Fire expand3x3 convs, 3x3 stride 1 padding 1 (1.1's fire2 16→64 @ 55×55, fire9 64→256 @ 13×13), and 1.1's stem, 3→64 stride 2 on the 224×224 image (bias folded, ReLU in the store).</summary>
public class Conv3x3Benchmarks
{
    private float[] _input = [], _packedWeights = [], _packedBias = [], _output = [];

    public static IEnumerable<ConvKxKShape> Shapes => [new(16, 64, 55, 55, 3, 1, 1), new(32, 128, 27, 27, 3, 1, 1), new(64, 256, 13, 13, 3, 1, 1), new(3, 64, 224, 224, 3, 2, 0)];

    /// <summary>Set by BenchmarkDotNet before <see cref="Setup"/>.</summary>
    [ParamsSource(nameof(Shapes))]
    public ConvKxKShape Shape { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        ConvKxKShape s = Shape;
        _input = KernelData.Random(s.InChannels * s.Height * s.Width, 1);
        _packedWeights = new float[Conv3x3.PackedWeightsLength(s.OutChannels, s.InChannels)];
        _packedBias = new float[Conv3x3.PackedBiasLength(s.OutChannels)];
        ConvKxK.PackWeights(KernelData.Random(s.OutChannels * s.InChannels * 3 * 3, 2), KernelData.Random(s.OutChannels, 3),
            s.OutChannels, s.InChannels, 3, _packedWeights, _packedBias);
        _output = new float[s.OutChannels * s.OutHeight * s.OutWidth];
    }

    [Benchmark]
    public void Run() => Conv3x3.Run(_input, [], Shape.InChannels, Shape.Height, Shape.Width, Shape.Stride, Shape.Padding,
        _packedWeights, _packedBias, Shape.OutChannels, _output, [], Shape.OutHeight, Shape.OutWidth, Activation.Relu);
}
