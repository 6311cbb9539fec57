using System;
using System.Collections.Generic;
using System.Linq;
using ShuffleNetGen.Runtime;

namespace ShuffleNetGen.Cli.Report;

/// <summary>
/// A profile as the page shows it: each layer's share (percent) of the model's multiply-adds, memory access and measured time,
/// and the same summed by kind — the kind without its stride (<c>Conv1x1</c>, <c>DepthwiseConv3x3</c>, <c>ChannelShuffle</c>),
/// as the V2 paper's Figure 2 groups operators.
/// </summary>
internal sealed record CostShares(IReadOnlyList<CostShares.Row> Layers, IReadOnlyList<CostShares.Row> Kinds)
{
    public sealed record Row(string Name, string Kind, int Count, double MultiplyAdds, double MemoryAccess, double Time, LayerTime? Layer);

    public static CostShares Of(ModelProfile profile)
    {
        double macs = profile.Layers.Sum(l => (double)l.Layer.MultiplyAdds);
        double memory = profile.Layers.Sum(l => (double)l.Layer.MemoryAccess);
        double time = profile.Layers.Sum(l => l.MedianMilliseconds);
        var layers = profile.Layers.Select(l => new Row(l.Layer.Name, KindOf(l.Layer.Kind), 1, Percent(l.Layer.MultiplyAdds, macs),
            Percent(l.Layer.MemoryAccess, memory), Percent(l.MedianMilliseconds, time), l)).ToList();
        var kinds = layers.GroupBy(r => r.Kind, StringComparer.Ordinal)
            .Select(g => new Row(g.Key, g.Key, g.Count(), g.Sum(r => r.MultiplyAdds), g.Sum(r => r.MemoryAccess), g.Sum(r => r.Time), null))
            .OrderByDescending(k => k.Time).ThenBy(k => k.Kind, StringComparer.Ordinal).ToList();
        return new CostShares(layers, kinds);
    }

    /// <summary><c>Conv1x1/s1</c> → <c>Conv1x1</c>, <c>GroupConv1x1/s1/g3</c> → <c>GroupConv1x1</c>.</summary>
    public static string KindOf(string kind) => kind.Split('/')[0];

    private static double Percent(double part, double whole) => whole == 0 ? 0 : 100 * part / whole;
}
