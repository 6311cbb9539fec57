using System;
using System.Threading;

namespace ShuffleNetGen.Runtime.Execution;

/// <summary>
/// Compiles a generated model's kernels before its first <c>Predict</c>. The kernels are JIT-compiled fully optimised
/// (<c>AggressiveOptimization</c>, so they never run slow tier-0 code), which costs about 100 ms on the first call
/// of a process for ShuffleNet V2 1.0x. The generated <c>Load</c> starts one run of the model on zero weights on a
/// background thread, so that compilation overlaps with reading and folding the weights file instead of following it.
/// </summary>
/// <remarks>
/// Once per model class and process; the warm-up's own result is discarded. For use by the code the ShuffleNetGen
/// generator emits; not meant to be called directly, and may change in any release.
/// </remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class KernelWarmup
{
    /// <summary>Runs <paramref name="run"/> once on a background thread if <paramref name="started"/> was 0 (and sets it to 1).</summary>
    /// <param name="started">The model class's flag: 0 until its warm-up has been started.</param>
    /// <param name="run">One run of the model on zero inputs and weights.</param>
    public static void Start(ref int started, Action run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (Interlocked.Exchange(ref started, 1) != 0) return;
        var thread = new Thread(() => Run(run)) { IsBackground = true, Name = "ShuffleNetGen kernel warm-up" };
        thread.Start();
    }

    private static void Run(Action run)
    {
        try
        {
            run();
        }
        catch (Exception)
        {
            // Only an optimisation: the first real Predict compiles whatever this did not, and reports any failure itself.
        }
    }
}
