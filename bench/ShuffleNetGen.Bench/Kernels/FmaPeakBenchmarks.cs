using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>Independent FMA chains and nothing else: what one core delivers, to check the stated peak against.</summary>
public class FmaPeakBenchmarks
{
    public static IEnumerable<FmaProbeCase> Shapes => [new(1_000_000)];

    /// <summary>Set by BenchmarkDotNet; named like the kernels' parameter so the joined summary has one column for it.</summary>
    [ParamsSource(nameof(Shapes))]
    public FmaProbeCase Shape { get; set; } = null!;

    [Benchmark]
    public float Run() => FmaPeak.Run(Shape.Iterations);
}
