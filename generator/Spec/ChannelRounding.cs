using System;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>The width-scale rounding rules the families' entries choose from (README, "width_scale").</summary>
internal static class ChannelRounding
{
    /// <summary>
    /// <c>round(c * s / q) * q</c>, halves away from zero, at least q, where q is the family's channel quantum (ShuffleNet V2:
    /// 2, so branches split evenly; V1: 4·g, so bottlenecks divide into groups). A scale of exactly 1 leaves the table as written.
    /// </summary>
    public static int ToMultiple(int channels, double scale, int quantum)
    {
        if (scale == 1.0) return channels;
        double units = Math.Round(channels * scale / quantum, MidpointRounding.AwayFromZero);
        return Math.Max(quantum, (int)units * quantum);
    }
}
