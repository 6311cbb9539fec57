using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>
/// GFLOP/s of a benchmark from its median time and its <see cref="IFlopCounted"/> parameter, or that rate as a share of
/// <see cref="FmaPeak.Gflops"/>. The median, not the mean: the machine is shared and its outliers are other people's work.
/// </summary>
internal sealed class ThroughputColumn : IColumn
{
    private readonly bool _shareOfPeak;

    private ThroughputColumn(bool shareOfPeak) => _shareOfPeak = shareOfPeak;

    public static IColumn Gflops { get; } = new ThroughputColumn(shareOfPeak: false);

    public static IColumn ShareOfPeak { get; } = new ThroughputColumn(shareOfPeak: true);

    public string Id => _shareOfPeak ? "ShuffleNetGen.ShareOfPeak" : "ShuffleNetGen.Gflops";

    public string ColumnName => _shareOfPeak ? "Peak share" : "GFLOP/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => _shareOfPeak ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => _shareOfPeak
        ? $"GFLOP/s as a share of this machine's one-core FMA peak, measured after the run: {FmaPeak.Gflops.ToString("0", CultureInfo.InvariantCulture)} GFLOP/s (n/a: not FMA work)"
        : "Float operations per second at the median time, 1e9/s (2 per multiply-add)";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        IFlopCounted? work = benchmarkCase.Parameters.Items.Select(p => p.Value).OfType<IFlopCounted>().FirstOrDefault();
        double? medianNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Median;
        if (work is null || medianNanoseconds is not > 0) return "-";
        // Flops per nanosecond is GFLOP/s.
        double gflops = work.Flops / medianNanoseconds.Value;
        if (!_shareOfPeak) return gflops.ToString("0.0", CultureInfo.InvariantCulture);
        return work.IsFmaWork ? (gflops / FmaPeak.Gflops * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "n/a";
    }

    public override string ToString() => ColumnName;
}
