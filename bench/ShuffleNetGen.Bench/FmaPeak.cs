using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Bench;

/// <summary>
/// The single-core float32 FMA peak the tables measure against, measured on this machine: the best of several short runs
/// of <see cref="Chains"/> independent FMA chains and nothing else. It depends on the core: a Zen 4 has two 256-bit FMA
/// pipes and runs a 512-bit FMA on both at once (32 flops per cycle, about 115 GFLOP/s at the ~3.6 GHz one busy core of
/// that EPYC sustains); a Zen 5 has two full 512-bit FMA pipes (64 flops per cycle, about 200 GFLOP/s measured on the
/// EPYC of family 26 these numbers also come from). Measuring instead of assuming keeps "share of peak" meaningful on both.
/// The probe runs at the width the kernels run at (what <c>DOTNET_EnableAVX512=0</c> and the like leave accelerated) and
/// with the multiply-add they use, <c>MultiplyAddEstimate</c>: one FMA where the CPU has it, a multiply and an add where
/// it does not (x64 with <c>DOTNET_EnableAVX2=0</c>), plain float arithmetic on the scalar path.
/// </summary>
internal static class FmaPeak
{
    private static readonly System.Lazy<double> s_peak = new(() =>
    {
        double best = 0;
        for (int i = 0; i < 5; i++) best = System.Math.Max(best, Measure(milliseconds: 60));
        return best;
    });

    /// <summary>This machine's one-core FMA peak in GFLOP/s: the best of 5 probes of 60 ms, measured on first use.</summary>
    public static double Gflops => s_peak.Value;

    /// <summary>Independent accumulator chains: FMA latency (4 cycles) × FMAs issued per cycle (up to 2 on cores with two 512-bit units).</summary>
    private const int Chains = 8;

    /// <summary>The width the probe runs at: the widest the JIT accelerates here, in bits; 0 for scalar.</summary>
    public static int WidthBits => Vector512.IsHardwareAccelerated ? 512
        : Vector256.IsHardwareAccelerated ? 256
        : Vector128.IsHardwareAccelerated ? 128 : 0;

    /// <summary>Float32 flops one <see cref="Run"/> iteration performs at <see cref="WidthBits"/>.</summary>
    public static int FlopsPerIteration => Chains * 2 * System.Math.Max(1, WidthBits / 32);

    /// <summary>Runs <paramref name="iterations"/> rounds of <see cref="Chains"/> independent multiply-adds; returns a sum so nothing is elided.</summary>
    public static float Run(long iterations) => WidthBits switch
    {
        512 => Run512(iterations),
        256 => Run256(iterations),
        128 => Run128(iterations),
        _ => RunScalar(iterations),
    };

    /// <summary>Measures GFLOP/s over about <paramref name="milliseconds"/> of FMAs on the calling thread.</summary>
    public static double Measure(int milliseconds)
    {
        Run(10_000);
        long iterations = 100_000;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Run(iterations);
        double seconds = clock.Elapsed.TotalSeconds;
        iterations = (long)(iterations * (milliseconds / 1000.0) / seconds) + 1;
        clock.Restart();
        Run(iterations);
        return iterations * (double)FlopsPerIteration / clock.Elapsed.TotalSeconds / 1e9;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static float Run512(long iterations)
    {
        // A multiplier just below 1 and a tiny addend keep every chain finite and normal for any iteration count.
        Vector512<float> m = Vector512.Create(0.9999999f), c = Vector512.Create(1e-7f);
        Vector512<float> a0 = Vector512.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.MultiplyAddEstimate(a0, m, c); a1 = Vector512.MultiplyAddEstimate(a1, m, c);
            a2 = Vector512.MultiplyAddEstimate(a2, m, c); a3 = Vector512.MultiplyAddEstimate(a3, m, c);
            a4 = Vector512.MultiplyAddEstimate(a4, m, c); a5 = Vector512.MultiplyAddEstimate(a5, m, c);
            a6 = Vector512.MultiplyAddEstimate(a6, m, c); a7 = Vector512.MultiplyAddEstimate(a7, m, c);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static float Run256(long iterations)
    {
        Vector256<float> m = Vector256.Create(0.9999999f), c = Vector256.Create(1e-7f);
        Vector256<float> a0 = Vector256.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.MultiplyAddEstimate(a0, m, c); a1 = Vector256.MultiplyAddEstimate(a1, m, c);
            a2 = Vector256.MultiplyAddEstimate(a2, m, c); a3 = Vector256.MultiplyAddEstimate(a3, m, c);
            a4 = Vector256.MultiplyAddEstimate(a4, m, c); a5 = Vector256.MultiplyAddEstimate(a5, m, c);
            a6 = Vector256.MultiplyAddEstimate(a6, m, c); a7 = Vector256.MultiplyAddEstimate(a7, m, c);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static float Run128(long iterations)
    {
        Vector128<float> m = Vector128.Create(0.9999999f), c = Vector128.Create(1e-7f);
        Vector128<float> a0 = Vector128.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector128.MultiplyAddEstimate(a0, m, c); a1 = Vector128.MultiplyAddEstimate(a1, m, c);
            a2 = Vector128.MultiplyAddEstimate(a2, m, c); a3 = Vector128.MultiplyAddEstimate(a3, m, c);
            a4 = Vector128.MultiplyAddEstimate(a4, m, c); a5 = Vector128.MultiplyAddEstimate(a5, m, c);
            a6 = Vector128.MultiplyAddEstimate(a6, m, c); a7 = Vector128.MultiplyAddEstimate(a7, m, c);
        }
        return Vector128.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static float RunScalar(long iterations)
    {
        const float m = 0.9999999f, c = 1e-7f;
        float a0 = 1f, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (long i = 0; i < iterations; i++)
        {
            a0 = a0 * m + c; a1 = a1 * m + c; a2 = a2 * m + c; a3 = a3 * m + c;
            a4 = a4 * m + c; a5 = a5 * m + c; a6 = a6 * m + c; a7 = a7 * m + c;
        }
        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
    }
}
