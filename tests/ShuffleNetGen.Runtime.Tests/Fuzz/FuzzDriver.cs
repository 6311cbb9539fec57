using System;
using System.Diagnostics;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests.Fuzz;

/// <summary>
/// The loop every byte fuzzer here runs: seeded mutations of a valid input, each handed to <c>exercise</c>, which accepts
/// it (true), rejects it with the reader's own exception type (false), or fails the test with anything else; the bytes
/// each verdict allocates and the whole run's time are bounded.
/// </summary>
internal static class FuzzDriver
{
    /// <summary>What a run saw, for the test's output and assertions.</summary>
    public sealed record Report(int Iterations, int Accepted, long LargestAllocation, TimeSpan Elapsed)
    {
        public int Rejected => Iterations - Accepted;

        public override string ToString() =>
            $"{Iterations} mutations, {Accepted} accepted, {Rejected} rejected, 0 other exceptions, at most {LargestAllocation} B allocated per verdict, {Elapsed.TotalSeconds:F1} s";
    }

    /// <param name="mutate">A mutation of the valid input, from the seeded random source.</param>
    /// <param name="exercise">Reads the bytes (iteration number given, for extra readers every n-th time); true if accepted.</param>
    /// <param name="isRejection">The reader's own exception, which must also be a clear one (the callback asserts its message).</param>
    public static Report Run(int iterations, int seed, Func<Random, byte[]> mutate, Func<byte[], int, bool> exercise,
        Func<Exception, bool> isRejection, long allocationBound, TimeSpan timeBound)
    {
        var random = new Random(seed);
        var stopwatch = Stopwatch.StartNew();
        int accepted = 0;
        long largest = 0;
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            byte[] mutated = mutate(random);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                if (exercise(mutated, iteration)) accepted++;
            }
            catch (Exception e) when (isRejection(e))
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"iteration {iteration}: {e.GetType().Name} for bytes {Convert.ToHexString(mutated)}\n{e}");
            }
            largest = Math.Max(largest, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.True(largest < allocationBound, $"iteration {iteration} allocated {largest} bytes, over the bound of {allocationBound}");
        }

        var report = new Report(iterations, accepted, largest, stopwatch.Elapsed);
        Assert.True(report.Elapsed < timeBound, $"fuzzing took {report.Elapsed}, over {timeBound}");
        return report;
    }
}
