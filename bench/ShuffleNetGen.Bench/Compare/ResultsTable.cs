using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ShuffleNetGen.Bench.Compare;

/// <summary>The comparison as Markdown (for bench/results/latest.md and the README) and as one console line per model.</summary>
internal static class ResultsTable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string ProgressLine(ModelResult r)
    {
        string ort = string.Join(", ", r.OrtMilliseconds.Select(kv => $"ORT {kv.Key}T {Ms(kv.Value)} ms"));
        return $"{r.Model.Name}: {Verdict(r.Check)} (max |diff| {r.Check.MaxError.ToString("E2", Invariant)}, max |logit| {r.Check.MaxLogit.ToString("0.###", Invariant)}); "
            + $"{ort}, ours 1T {Ms(r.OursMilliseconds)} ms, ours {Environment.ProcessorCount}T {Ms(r.OursTeamMilliseconds)} ms";
    }

    public static string Markdown(IReadOnlyList<ModelResult> results, CompareOptions options, RunContext context)
    {
        int baseThreads = options.OrtThreads[0];
        int widest = options.OrtThreads.Max();
        int cores = Environment.ProcessorCount;
        var md = new StringBuilder();
        md.AppendLine("## ShuffleNetGen vs ONNX Runtime (CPU), one image");
        md.AppendLine();
        md.AppendLine(Invariant, $"Measured {context.StartedUtc:yyyy-MM-dd HH:mm} UTC on {MachineInfo.Cpu()}, {Environment.ProcessorCount} cores; {MachineInfo.Runtime()}; {MachineInfo.OnnxRuntime()}.");
        md.AppendLine(Invariant, $"Load average (1, 5, 15 min) {context.LoadBefore} at the start, {context.LoadAfter} at the end (a shared machine).");
        md.AppendLine(Invariant, $"Our path: **{SimdPath.Name}**{Width()}. FMA probe at the start: {context.FmaProbeGflops:0} GFLOP/s on one core; peak share below is against this machine's one-core FMA peak at that width, {FmaPeak.Gflops:0} GFLOP/s (best of 5 probes).");
        if (SimdPath.Avx512SwitchedOff)
        {
            md.AppendLine(MachineInfo.CpuHasAvx512()
                ? "Our side ran with `DOTNET_EnableAVX512=0` (`--no-avx512`): the AVX2 path's share of the 256-bit peak. ONNX Runtime is native code and still picks its AVX-512 kernels, so the speed-ups against it mean little in this mode."
                : "Our side ran with `DOTNET_EnableAVX512=0` (`--no-avx512`); this CPU has no AVX-512, so the switch changes nothing.");
        }
        md.AppendLine(Invariant, $"Seeded random weights (seed {options.Seed}), the same input for both engines; timings are medians over {options.Blocks} interleaved blocks × {options.Runs} runs per engine, after warm-up.");
        md.AppendLine();

        md.Append("| Model | Mult-adds (M) |");
        foreach (int t in options.OrtThreads) md.Append(Invariant, $" ORT {t}T ms |");
        md.AppendLine(Invariant, $" Ours 1T ms | Speed-up vs ORT {baseThreads}T | Ours {cores}T ms | Speed-up vs ORT {widest}T | Ours 1T GFLOP/s | Peak share | Logits vs ORT |");
        md.Append("|---|--:|");
        foreach (int _ in options.OrtThreads) md.Append("--:|");
        md.AppendLine("--:|--:|--:|--:|--:|--:|---|");
        foreach (ModelResult r in results)
        {
            double gflops = 2.0 * r.Model.Info.MultiplyAdds / (r.OursMilliseconds * 1e6);
            md.Append(Invariant, $"| {r.Model.Name} | {r.Model.Info.MultiplyAdds / 1e6:0.0} |");
            foreach (int t in options.OrtThreads) md.Append(Invariant, $" {Ms(r.OrtMilliseconds[t])} |");
            md.AppendLine(Invariant,
                $" {Ms(r.OursMilliseconds)} | {r.OrtMilliseconds[baseThreads] / r.OursMilliseconds:0.00}× | {Ms(r.OursTeamMilliseconds)} | {r.OrtMilliseconds[widest] / r.OursTeamMilliseconds:0.00}× | {gflops:0.0} | {gflops / FmaPeak.Gflops * 100:0}% | {Verdict(r.Check)} {r.Check.RelativeError:0.0E+0} |");
        }
        md.AppendLine();

        md.AppendLine(Invariant, $"### Batch of {CompareCommand.BatchSize}: throughput");
        md.AppendLine();
        md.AppendLine(Invariant, $"Ours 1T: {CompareCommand.BatchSize} single-image Predict calls in a row. Ours batched: one Predict call with batch {CompareCommand.BatchSize}, on one core (`MaxThreads = 1`) and with images spread over {cores} cores; a batch runs the classifier once for all its images, so the batched 1T column shows what batching alone gives and the last ratio what the cores add.");
        md.AppendLine();
        md.AppendLine(Invariant, $"| Model | Ours 1T img/s | Ours batched 1T img/s | Ours batched {cores}T img/s | Batched {cores}T / 1T | Batched {cores}T / batched 1T | ORT {widest}T img/s |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|--:|");
        foreach (ModelResult r in results)
        {
            md.AppendLine(Invariant,
                $"| {r.Model.Name} | {r.OursSequentialImagesPerSecond:0} | {r.OursBatchOneThreadImagesPerSecond:0} | {r.OursBatchImagesPerSecond:0} | {r.OursBatchImagesPerSecond / r.OursSequentialImagesPerSecond:0.00}× | {r.OursBatchImagesPerSecond / r.OursBatchOneThreadImagesPerSecond:0.00}× | {r.OrtBatchImagesPerSecond:0} |");
        }
        md.AppendLine();

        md.AppendLine("### Cold start (median of fresh starts)");
        md.AppendLine();
        md.AppendLine("Process → logits: from starting a fresh .NET process (this bench as its `coldstart` child for ours, as its `coldstart-ort` child for ONNX Runtime) to its report of the first logits. Inside: ours `Load` + first `Predict`; ORT `new InferenceSession` + first `Run` (one intra-op thread).");
        md.AppendLine();
        md.AppendLine("| Model | Ours process → logits ms | Ours Load + first Predict ms | ORT process → logits ms | ORT session + first Run ms |");
        md.AppendLine("|---|--:|--:|--:|--:|");
        foreach (ModelResult r in results)
        {
            md.AppendLine(Invariant,
                $"| {r.Model.Name} | {r.OursColdStart.ProcessMilliseconds:0} | {r.OursColdStart.InsideMilliseconds:0} | {r.OrtColdStart.ProcessMilliseconds:0} | {r.OrtColdStart.InsideMilliseconds:0} |");
        }
        return md.ToString();
    }

    private static string Width() => FmaPeak.WidthBits == 0 ? "" : string.Create(Invariant, $" ({FmaPeak.WidthBits}-bit vectors)");

    private static string Verdict(LogitCheck check) => check.Passed ? "PASS" : "FAIL";

    private static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 10 ? "0.00" : "0.0", Invariant);
}
