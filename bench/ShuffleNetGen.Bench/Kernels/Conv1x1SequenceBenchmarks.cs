using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>
/// A model's 1x1 convolutions one after another, each with its own weights and planes. A layer then starts with its
/// weights in L3, as inside Predict (MobileNet V1's are 3.2 M floats, beyond Zen 3's 512 KB L2), which
/// <see cref="Conv1x1Benchmarks"/>, calling one layer again and again on hot caches, does not show; but its input too,
/// where inside Predict the depthwise conv before it has just written that into L2, so this is the colder bound.
/// </summary>
public class Conv1x1SequenceBenchmarks
{
    private (Conv1x1Shape Shape, float[] Input, float[] Weights, float[] Bias, float[] Output)[] _layers = [];

    /// <summary>MobileNet V1's 13 pointwise convs (seed 003's model at 224), and those of ShuffleNet V2 1.0x in order.</summary>
    public static IEnumerable<Conv1x1Sequence> Sequences =>
    [
        new("mobilenet_v1",
        [
            new(32, 64, 112, 112), new(64, 128, 56, 56), new(128, 128, 56, 56), new(128, 256, 28, 28), new(256, 256, 28, 28),
            new(256, 512, 14, 14), .. Enumerable.Repeat(new Conv1x1Shape(512, 512, 14, 14), 5), new(512, 1024, 7, 7),
            new(1024, 1024, 7, 7),
        ]),
        new("shufflenet_v2_x1_0",
        [
            new(24, 58, 28, 28), new(24, 58, 56, 56), .. Enumerable.Repeat(new Conv1x1Shape(58, 58, 28, 28), 7),
            new(116, 116, 14, 14), new(116, 116, 28, 28), .. Enumerable.Repeat(new Conv1x1Shape(116, 116, 14, 14), 15),
            new(232, 232, 7, 7), new(232, 232, 14, 14), .. Enumerable.Repeat(new Conv1x1Shape(232, 232, 7, 7), 7),
            new(464, 1024, 7, 7),
        ]),
    ];

    /// <summary>Set by BenchmarkDotNet before <see cref="Setup"/>.</summary>
    [ParamsSource(nameof(Sequences))]
    public Conv1x1Sequence Sequence { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _layers = Sequence.Layers.Select((s, i) =>
        {
            var weights = new float[Conv1x1.PackedWeightsLength(s.OutChannels, s.InChannels)];
            var bias = new float[Conv1x1.PackedBiasLength(s.OutChannels)];
            Conv1x1.PackWeights(KernelData.Random(s.OutChannels * s.InChannels, (3 * i) + 2), KernelData.Random(s.OutChannels, (3 * i) + 3),
                s.OutChannels, s.InChannels, weights, bias);
            return (s, KernelData.Random(s.InChannels * s.Pixels, (3 * i) + 1), weights, bias, new float[s.OutChannels * s.Pixels]);
        }).ToArray();
    }

    [Benchmark]
    public void Run()
    {
        foreach ((Conv1x1Shape s, float[] input, float[] weights, float[] bias, float[] output) in _layers)
        {
            Conv1x1.Run(input, [], s.Pixels, weights, bias, s.InChannels, s.OutChannels, output, [], Activation.Relu, residual: false);
        }
    }
}

/// <summary>A named list of 1x1 convolutions run in order.</summary>
public sealed record Conv1x1Sequence(string Name, Conv1x1Shape[] Layers) : IFlopCounted
{
    public double Flops => Layers.Sum(l => l.Flops);
    public bool IsFmaWork => true;
    public override string ToString() => Name;
}
