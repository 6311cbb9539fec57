using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using ShuffleNetGen.Generator.Tests.Compilation;
using ShuffleNetGen.Generator.Tests.Pipeline;
using Xunit;
using Xunit.Abstractions;

namespace ShuffleNetGen.Generator.Tests.Fuzz;

/// <summary>
/// Issue 4: the generator never throws and locates every rejection (DESIGN.md contract 4). Every canonical spec is mutated
/// (see <see cref="SpecMutator"/>) and each case run through the pure stages under a watchdog; a sample of the distinct
/// accepted cases must compile with warnings as errors. Case n > 0 of spec s is reproducible alone: new SpecMutator(s * 1,000,003 + n).Mutate(spec); case 0 is SpecMutator.MaxOut(spec).
/// </summary>
[Collection(FuzzCollection.Name)]
public class SpecFuzzTests
{
    private const int TotalMutations = 10_000;
    private const int CompiledSample = 30;
    private static readonly TimeSpan PerCaseTimeout = TimeSpan.FromSeconds(10);
    /// <summary>
    /// Process CPU time, not wall time: the machine's cores are shared, and this test runs alone (its collection). A bound that
    /// catches a hang or a blow-up, not a speed test: 10,000 cases take about 160 s of CPU on this 2-core machine, dominated by
    /// mutations that max out V1's sizes (about 1 s each to plan and emit).
    /// </summary>
    private static readonly TimeSpan CpuBudget = TimeSpan.FromSeconds(400);

    private readonly ITestOutputHelper _output;

    public SpecFuzzTests(ITestOutputHelper output) => _output = output;

    private sealed record Failure(string SpecFile, int Case, int Seed, string Mutation, string Problem, string Text);

    private sealed class SpecTally
    {
        public int Rejected;
        public int Accepted;
        public readonly HashSet<string> Distinct = new(StringComparer.Ordinal);
        public readonly List<string> Sample = new();
        public readonly List<(TimeSpan Time, int Case, string Mutation)> Slowest = new();

        public void Time(TimeSpan time, int caseIndex, string mutation)
        {
            Slowest.Add((time, caseIndex, mutation));
            Slowest.Sort((a, b) => b.Time.CompareTo(a.Time));
            if (Slowest.Count > 3) Slowest.RemoveAt(3);
        }
    }

    public static int SeedOf(int specIndex, int caseIndex) => specIndex * 1_000_003 + caseIndex;

    [Fact]
    public void MutatedSpecsNeverCrashTheGeneratorAndAreRejectedWithLocatedDiagnostics()
    {
        string[] files = CanonicalSpecs.FileNames;
        int perSpec = (TotalMutations + files.Length - 1) / files.Length;
        var failures = new ConcurrentBag<Failure>();
        var tallies = new SpecTally[files.Length];
        var clock = Stopwatch.StartNew();
        TimeSpan cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;

        Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, s =>
        {
            string spec = CanonicalSpecs.Text(files[s]);
            string path = CanonicalSpecs.ProjectFolder + files[s];
            var tally = new SpecTally();
            // Case 0 asks for the largest tensors the schema allows; the rest are seeded random mutations.
            for (int n = 0; n < perSpec; n++)
            {
                int seed = SeedOf(s, n);
                (string text, string mutation) = n == 0 ? (SpecMutator.MaxOut(spec), "sizes at their maximum") : new SpecMutator(seed).Mutate(spec);
                long started = Stopwatch.GetTimestamp();
                var probe = Task.Run(() => PipelineProbe.Run(path, text));
                bool finished = probe.Wait(PerCaseTimeout);
                tally.Time(Stopwatch.GetElapsedTime(started), n, mutation);
                if (!finished)
                {
                    failures.Add(new Failure(files[s], n, seed, mutation, $"no result within {PerCaseTimeout.TotalSeconds} s", text));
                    continue;
                }
                ProbeResult result = probe.Result;
                if (result.Problem is not null) failures.Add(new Failure(files[s], n, seed, mutation, result.Problem, text));
                if (result.Source is null)
                {
                    tally.Rejected++;
                    continue;
                }
                tally.Accepted++;
                if (tally.Distinct.Add(result.Source) && tally.Sample.Count < CompiledSample) tally.Sample.Add(result.Source);
            }
            tallies[s] = tally;
        });
        TimeSpan pipelineTime = clock.Elapsed;
        TimeSpan pipelineCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;

        List<string> sample = RoundRobin(tallies.Select(t => t.Sample)).Take(CompiledSample).ToList();
        var compileClock = Stopwatch.StartNew();
        var compileFailures = new ConcurrentBag<string>();
        Parallel.ForEach(sample, source =>
        {
            var problems = GeneratedCodeCompiler.Problems(GeneratedCodeCompiler.FromSources(new[] { source }));
            if (problems.Count > 0) compileFailures.Add(GeneratedCodeCompiler.Describe(problems) + "\n" + source.Substring(0, Math.Min(source.Length, 600)));
        });

        int mutations = perSpec * files.Length;
        _output.WriteLine($"mutations {mutations}, rejected {tallies.Sum(t => t.Rejected)}, accepted {tallies.Sum(t => t.Accepted)} " +
                          $"({tallies.Sum(t => t.Distinct.Count)} distinct), compiled {sample.Count - compileFailures.Count}/{sample.Count}; " +
                          $"pipeline {pipelineTime.TotalSeconds:F1} s ({pipelineCpu.TotalSeconds:F1} s CPU), compile {compileClock.Elapsed.TotalSeconds:F1} s, total {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var (time, caseIndex, mutation, file) in tallies.SelectMany((t, s) => t.Slowest.Select(x => (x.Time, x.Case, x.Mutation, files[s])))
                     .OrderByDescending(x => x.Time).Take(5))
        {
            _output.WriteLine($"slow: {time.TotalMilliseconds:F0} ms {file} case {caseIndex}: {mutation}");
        }
        foreach (Failure f in failures.OrderBy(f => f.SpecFile, StringComparer.Ordinal).ThenBy(f => f.Case).Take(20))
        {
            _output.WriteLine($"FAIL {f.SpecFile} case {f.Case} (seed {f.Seed}): {f.Mutation} => {f.Problem}");
            _output.WriteLine("  text: " + Excerpt(f.Text));
        }

        Assert.True(mutations >= TotalMutations);
        Assert.True(failures.IsEmpty, $"{failures.Count} of {mutations} cases broke the contract; first: " +
            string.Join(" || ", failures.OrderBy(f => f.SpecFile, StringComparer.Ordinal).ThenBy(f => f.Case).Take(3)
                .Select(f => $"{f.SpecFile} case {f.Case} (seed {f.Seed}) {f.Mutation} => {f.Problem}")));
        Assert.True(sample.Count > 0, "no mutation was accepted: the mutator no longer reaches lowering and planning");
        Assert.True(compileFailures.Count == 0, string.Join("\n\n", compileFailures.Take(2)));
        Assert.True(pipelineCpu < CpuBudget, $"the pipeline took {pipelineCpu.TotalSeconds:F1} s of CPU for {mutations} cases");
    }

    private static IEnumerable<string> RoundRobin(IEnumerable<List<string>> lists)
    {
        List<List<string>> all = lists.ToList();
        for (int i = 0; all.Any(l => i < l.Count); i++)
        {
            foreach (List<string> list in all)
            {
                if (i < list.Count) yield return list[i];
            }
        }
    }

    private static string Excerpt(string text)
    {
        string shown = text.Length <= 400 ? text : text.Substring(0, 400) + $"… ({text.Length} characters)";
        return shown.Replace("\n", "\\n").Replace("\r", "\\r");
    }
}
