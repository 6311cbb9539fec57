using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>The stem: torchvision's <c>conv1</c>, a 3x3 stride-2 conv 3→24 on the 224×224 image (BatchNorm folded, ReLU in the store).</summary>
public class StemConv3x3Benchmarks
{
    private float[] _image = [], _packedWeights = [], _packedBias = [], _output = [];

    public static IEnumerable<StemShape> Shapes => [new(3, 24, 224, 224)];

    /// <summary>Set by BenchmarkDotNet before <see cref="Setup"/>.</summary>
    [ParamsSource(nameof(Shapes))]
    public StemShape Shape { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        StemShape s = Shape;
        _image = KernelData.Random(s.InChannels * s.Height * s.Width, 1);
        _packedWeights = new float[StemConv3x3.PackedWeightsLength(s.OutChannels, s.InChannels)];
        _packedBias = new float[StemConv3x3.PackedBiasLength(s.OutChannels)];
        StemConv3x3.PackWeights(KernelData.Random(s.OutChannels * s.InChannels * 9, 2), KernelData.Random(s.OutChannels, 3),
            s.OutChannels, s.InChannels, _packedWeights, _packedBias);
        _output = new float[s.OutChannels * s.OutHeight * s.OutWidth];
    }

    [Benchmark]
    public void Run() => StemConv3x3.Run(_image, Shape.InChannels, Shape.Height, Shape.Width, 1, _packedWeights, _packedBias,
        Shape.OutChannels, _output, Shape.OutHeight, Shape.OutWidth, Activation.Relu);
}
