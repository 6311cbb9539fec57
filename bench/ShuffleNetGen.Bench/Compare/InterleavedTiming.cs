using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace ShuffleNetGen.Bench.Compare;

/// <summary>One thing being timed: <see cref="TimeBlock"/> runs it a few times untimed, then the given number timed, and returns milliseconds per run.</summary>
internal sealed record Contender(string Name, Func<int, double[]> TimeBlock);

/// <summary>
/// Times several contenders in alternating blocks, so that load from other users of a shared machine falls on all of them
/// alike rather than on whichever ran during the busy minute; the summary is the median over every run.
/// </summary>
internal static class InterleavedTiming
{
    /// <summary>Warm-up: whole blocks, until each contender has run for this long (JIT tiering, caches, ORT's thread pool).</summary>
    private const double WarmupMilliseconds = 400;

    /// <summary>Untimed runs at the start of each block, after the other contenders had the caches.</summary>
    public const int BlockWarmupRuns = 2;

    /// <summary>Median milliseconds per run of each contender, by name.</summary>
    public static Dictionary<string, double> Medians(IReadOnlyList<Contender> contenders, int blocks, int runsPerBlock)
    {
        foreach (Contender c in contenders)
        {
            var clock = Stopwatch.StartNew();
            do c.TimeBlock(runsPerBlock); while (clock.Elapsed.TotalMilliseconds < WarmupMilliseconds);
        }

        var samples = new List<double>[contenders.Count];
        for (int i = 0; i < samples.Length; i++) samples[i] = new List<double>(blocks * runsPerBlock);
        for (int block = 0; block < blocks; block++)
        {
            // Rotating who goes first keeps "ran right after the other engine" from always falling on the same contender.
            for (int k = 0; k < contenders.Count; k++)
            {
                int i = (block + k) % contenders.Count;
                samples[i].AddRange(contenders[i].TimeBlock(runsPerBlock));
            }
        }

        var medians = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < contenders.Count; i++) medians.Add(contenders[i].Name, Median(samples[i]));
        return medians;
    }

    /// <summary>Times <paramref name="action"/> in-process: <see cref="BlockWarmupRuns"/> untimed calls, then <paramref name="runs"/> timed ones.</summary>
    public static double[] Block(Action action, int runs)
    {
        for (int i = 0; i < BlockWarmupRuns; i++) action();
        var ms = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return ms;
    }

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("No samples.", nameof(values));
        var sorted = new double[values.Count];
        for (int i = 0; i < sorted.Length; i++) sorted[i] = values[i];
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
