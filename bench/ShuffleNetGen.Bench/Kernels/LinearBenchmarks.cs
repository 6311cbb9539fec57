using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>
/// torchvision's <c>fc</c>: 1024 pooled features → 1000 logits (a matrix-vector product, bound by streaming the 4 MB of weights).
/// </summary>
/// <remarks>
/// <para>
/// Inside a whole <c>Predict</c> the classifier's weights are not where a hot-loop benchmark leaves them: the rest of the model
/// (about 9 MB of weights and activations) ran since their last use, so they come from L3 or memory, not L1/L2. <see cref="Residency"/>
/// reproduces that without timing anything but the kernel: the benchmark holds several identical copies of the weights and each
/// invocation multiplies by the next copy in turn, so between two uses of one copy the other copies (4 MB each) have streamed
/// through the caches. <see cref="WeightResidency.Hot"/> is one copy (the old benchmark, L2/L3-hot and prefetcher-trained);
/// <see cref="WeightResidency.Cold"/> rotates 4 copies (12 MB read between uses of one, as in <c>Predict</c>);
/// <see cref="WeightResidency.Dram"/> rotates 32 copies (128 MB, more than any L3, so every weight comes from memory).
/// </para>
/// <para>
/// Rotating copies instead of streaming an eviction buffer before each call: the eviction loop would be timed too and would have to be
/// subtracted (the difference of two noisy times, each several times longer than the kernel), and it would leave the hardware
/// prefetchers busy at the start of the kernel. Input and output stay hot, as they are in <c>Predict</c> (the pool just wrote them).
/// </para>
/// </remarks>
public class LinearBenchmarks
{
    private float[] _input = [], _bias = [], _output = [];
    private float[][] _weights = [];
    private int _next;

    /// <summary>Where the weights are when the kernel starts (see the class remarks).</summary>
    public enum WeightResidency
    {
        /// <summary>One copy, reused every call.</summary>
        Hot,

        /// <summary>4 copies in rotation (16 MB): out of L1/L2, as inside a whole model.</summary>
        Cold,

        /// <summary>32 copies in rotation (128 MB): from memory.</summary>
        Dram,
    }

    public static IEnumerable<LinearShape> Shapes => [new(1024, 1000)];

    /// <summary>Set by BenchmarkDotNet before <see cref="Setup"/>.</summary>
    [ParamsSource(nameof(Shapes))]
    public LinearShape Shape { get; set; } = null!;

    /// <summary>Set by BenchmarkDotNet before <see cref="Setup"/>.</summary>
    [Params(WeightResidency.Hot, WeightResidency.Cold, WeightResidency.Dram)]
    public WeightResidency Residency { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = KernelData.Random(Shape.InFeatures, 1);
        int copies = Residency switch { WeightResidency.Hot => 1, WeightResidency.Cold => 4, _ => 32 };
        float[] weights = KernelData.Random(Shape.OutFeatures * Shape.InFeatures, 2);
        _weights = new float[copies][];
        for (int c = 0; c < copies; c++) _weights[c] = (float[])weights.Clone();
        _bias = KernelData.Random(Shape.OutFeatures, 3);
        _output = new float[Shape.OutFeatures];
        _next = 0;
    }

    [Benchmark]
    public void Run()
    {
        float[] weights = _weights[_next];
        _next = _next + 1 == _weights.Length ? 0 : _next + 1;
        Linear.Run(_input, Shape.InFeatures, weights, _bias, Shape.OutFeatures, _output);
    }
}
