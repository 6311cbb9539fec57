using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace ShuffleNetGen.Runtime.Execution;

/// <summary>
/// For use by the code the ShuffleNetGen generator emits: the generated <c>Profile</c>'s arithmetic. Its timed run writes a
/// <see cref="Stopwatch"/> timestamp before the first layer and after every layer, one row of <c>layers + 1</c> per run; this
/// turns the rows into per-layer medians.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class LayerTimer
{
    /// <summary>Checks the arguments and allocates every run's timestamps up front, so the timed runs allocate nothing.</summary>
    /// <exception cref="ArgumentException"><paramref name="inputLength"/> is not the model's.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is less than 1.</exception>
    public static long[] Stamps(ModelInfo info, int inputLength, int iterations)
    {
        ArgumentNullException.ThrowIfNull(info);
        long expected = (long)info.InputChannels * info.InputHeight * info.InputWidth;
        if (inputLength != expected)
        {
            throw new ArgumentException(
                $"input must hold one image of {info.InputChannels}x{info.InputHeight}x{info.InputWidth} = {expected} floats, but has {inputLength}.", "input");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        return new long[checked(iterations * (info.Layers.Count + 1))];
    }

    /// <summary>Untimed runs before the timed ones: at least this many, so the JIT's call counting promotes every method to tier 1.</summary>
    public const int MinWarmupRuns = 40;

    /// <summary>
    /// Whether the generated <c>Profile</c> still warms up after <paramref name="runs"/> untimed runs begun at
    /// <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp): for at least <see cref="MinWarmupRuns"/> runs and half a
    /// second, whichever is longer — methods without <c>AggressiveOptimization</c> start as unoptimised tier-0 code and are
    /// recompiled in the background after 30 calls and a 100 ms quiet spell, which a short profile would otherwise time — but
    /// for no more than 3 seconds (a slow path, such as scalar, is timed as it is then), and always at least one run.
    /// </summary>
    public static bool WarmingUp(int runs, long started)
    {
        if (runs < 1) return true;
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        return elapsed < WarmupCeiling && (runs < MinWarmupRuns || elapsed < WarmupFloor);
    }

    private static readonly TimeSpan WarmupFloor = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan WarmupCeiling = TimeSpan.FromSeconds(3);

    public static ModelProfile Summarize(ModelInfo info, int iterations, long[] stamps)
    {
        int row = info.Layers.Count + 1;
        var times = new double[iterations];
        var layers = new LayerTime[info.Layers.Count];
        for (int layer = 0; layer < layers.Length; layer++)
        {
            for (int i = 0; i < iterations; i++) times[i] = Milliseconds(stamps[i * row + layer + 1] - stamps[i * row + layer]);
            layers[layer] = new LayerTime(info.Layers[layer], Median(times));
        }
        for (int i = 0; i < iterations; i++) times[i] = Milliseconds(stamps[i * row + row - 1] - stamps[i * row]);
        return new ModelProfile(info, iterations, Median(times), layers);
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static double Median(double[] values)
    {
        Array.Sort(values);
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
