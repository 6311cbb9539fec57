using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>SqueezeNet 1.0's stem: a 7x7 stride-2 conv 3→96 on the 224×224 image, without padding (bias folded, ReLU in the store).</summary>
public class Conv7x7Benchmarks
{
    private float[] _input = [], _packedWeights = [], _packedBias = [], _output = [];

    public static IEnumerable<ConvKxKShape> Shapes => [new(3, 96, 224, 224, 7, 2, 0)];

    /// <summary>Set by BenchmarkDotNet before <see cref="Setup"/>.</summary>
    [ParamsSource(nameof(Shapes))]
    public ConvKxKShape Shape { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        ConvKxKShape s = Shape;
        _input = KernelData.Random(s.InChannels * s.Height * s.Width, 1);
        _packedWeights = new float[Conv7x7.PackedWeightsLength(s.OutChannels, s.InChannels)];
        _packedBias = new float[Conv7x7.PackedBiasLength(s.OutChannels)];
        ConvKxK.PackWeights(KernelData.Random(s.OutChannels * s.InChannels * 7 * 7, 2), KernelData.Random(s.OutChannels, 3),
            s.OutChannels, s.InChannels, 7, _packedWeights, _packedBias);
        _output = new float[s.OutChannels * s.OutHeight * s.OutWidth];
    }

    [Benchmark]
    public void Run() => Conv7x7.Run(_input, [], Shape.InChannels, Shape.Height, Shape.Width, Shape.Stride, Shape.Padding,
        _packedWeights, _packedBias, Shape.OutChannels, _output, [], Shape.OutHeight, Shape.OutWidth, Activation.Relu);
}
