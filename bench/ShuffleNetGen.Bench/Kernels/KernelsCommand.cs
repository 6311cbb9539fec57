using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ShuffleNetGen.Onnx.Ort;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary><c>bench kernels [--short] [BenchmarkDotNet args]</c>: every kernel at the shapes of ShuffleNet V2 1.0x, plus Predict and the FMA probe.</summary>
internal static class KernelsCommand
{
    private const string ShortOption = "--short";

    private static readonly Type[] Benchmarks =
    [
        typeof(FmaPeakBenchmarks),
        typeof(StemConv3x3Benchmarks),
        typeof(MaxPool3x3Benchmarks),
        typeof(AvgPool3x3Benchmarks),
        typeof(GlobalAveragePoolBenchmarks),
        typeof(Conv1x1Benchmarks),
        typeof(Conv1x1SequenceBenchmarks),
        typeof(DepthwiseConv3x3Benchmarks),
        typeof(LinearBenchmarks),
        typeof(DepthwiseConv5x5Benchmarks),
        typeof(SqueezeExciteScaleBenchmarks),
        typeof(HiddenLinearBenchmarks),
        typeof(SqueezeExciteFcBenchmarks),
        typeof(WinogradConv3x3Benchmarks),
        typeof(Conv3x3Benchmarks),
        typeof(Conv7x7Benchmarks),
        typeof(PredictBenchmarks),
    ];

    public static int Run(string[] args)
    {
        bool isShort = args.Contains(ShortOption, StringComparer.Ordinal);
        var forwarded = new List<string>(args.Where(a => !string.Equals(a, ShortOption, StringComparison.Ordinal)));
        // Without a filter BenchmarkDotNet asks on the console which benchmarks to run; the command runs them all instead.
        if (!forwarded.Any(a => a is "--filter" or "-f" or "--list" or "--help" or "-h" or "-?")) forwarded.AddRange(["--filter", "*"]);
        // One summary table for every kernel, so the GFLOP/s column reads down a single list.
        if (!forwarded.Contains("--join", StringComparer.Ordinal)) forwarded.Add("--join");

        // In-process: no host project to generate and build per run (minutes on 2 cores); the kernels are single-threaded and
        // allocation-free, so sharing the process with BenchmarkDotNet changes nothing they measure.
        Job job = (isShort ? Job.ShortRun : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
        IConfig config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .WithArtifactsPath(Path.Combine(RepositoryRoot.Find(), "bench", "BenchmarkDotNet.Artifacts"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared, MethodOrderPolicy.Declared))
            .AddColumn(ThroughputColumn.Gflops, ThroughputColumn.ShareOfPeak)
            .AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median);
        var summaries = BenchmarkSwitcher.FromTypes(Benchmarks).Run([.. forwarded], config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
