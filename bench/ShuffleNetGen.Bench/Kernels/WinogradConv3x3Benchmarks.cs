using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>
/// SqueezeNet 1.1's Fire expand3x3 convs by Winograd F(2x2, 3x3) (fire2 16→64 @ 55×55, fire4 32→128 @ 27×27, fire6 48→192 and
/// fire8 64→256 @ 13×13; bias folded, ReLU in the store), the shapes of <see cref="Conv3x3Benchmarks"/>'s direct runs. The
/// throughput counts the direct conv's multiply-adds, so it compares with the direct kernel's.
/// </summary>
public class WinogradConv3x3Benchmarks
{
    private float[] _input = [], _packedWeights = [], _packedBias = [], _output = [];

    public static IEnumerable<ConvKxKShape> Shapes => [new(16, 64, 55, 55, 3, 1, 1), new(32, 128, 27, 27, 3, 1, 1), new(48, 192, 13, 13, 3, 1, 1), new(64, 256, 13, 13, 3, 1, 1)];

    /// <summary>Set by BenchmarkDotNet before <see cref="Setup"/>.</summary>
    [ParamsSource(nameof(Shapes))]
    public ConvKxKShape Shape { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        ConvKxKShape s = Shape;
        _input = KernelData.Random(s.InChannels * s.Height * s.Width, 1);
        _packedWeights = new float[WinogradConv3x3.PackedWeightsLength(s.OutChannels, s.InChannels)];
        _packedBias = new float[WinogradConv3x3.PackedBiasLength(s.OutChannels)];
        WinogradConv3x3.PackWeights(KernelData.Random(s.OutChannels * s.InChannels * 3 * 3, 2), KernelData.Random(s.OutChannels, 3),
            s.OutChannels, s.InChannels, _packedWeights, _packedBias);
        _output = new float[s.OutChannels * s.OutHeight * s.OutWidth];
    }

    [Benchmark]
    public void Run() => WinogradConv3x3.Run(_input, [], Shape.InChannels, Shape.Height, Shape.Width,
        _packedWeights, _packedBias, Shape.OutChannels, _output, [], Shape.OutHeight, Shape.OutWidth, Activation.Relu);
}
