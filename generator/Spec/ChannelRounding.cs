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

    /// <summary>
    /// torchvision's <c>_make_divisible(c * s, q)</c> (MobileNet V2, q = 8): the nearest multiple of q, halves up, at least q,
    /// one q more if that lost over 10% of <c>c * s</c>. Applied at every scale, 1 included, as torchvision does.
    /// </summary>
    public static int MakeDivisible(double value, int quantum)
    {
        int rounded = Math.Max(quantum, (int)(value + quantum / 2.0) / quantum * quantum);
        return rounded < 0.9 * value ? rounded + quantum : rounded;
    }

    /// <summary><c>int(c * s)</c>, truncated (MobileNet V1's width multiplier α, as its reference implementations apply it).</summary>
    public static int Truncate(int channels, double scale) => (int)(channels * scale);

    /// <summary>Why <see cref="Truncate"/> leaves the layer at <paramref name="key"/> without channels (SNG0012's detail).</summary>
    public static string TruncatedToNothing(string key, int channels, double scale)
    {
        string c = channels.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string s = scale.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return $"width_scale {s} leaves '{key}' ({c}) with int({c} · {s}) = 0 channels; use a larger width_scale";
    }
}
