using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using ShuffleNetGen.Bench.Compare;
using ShuffleNetGen.Bench.Models;
using ShuffleNetGen.Onnx.Ort;

namespace ShuffleNetGen.Bench.Startup;

/// <summary>
/// <c>bench startup [--starts 10] [--seed 1234]</c>: process start → first logits of ShuffleNet V2 1.0x for a NativeAOT
/// program, the same program under the JIT, and ONNX Runtime in a .NET process, in one interleaved run (who goes first
/// rotates) so that load from other work falls on all three alike. Prints a Markdown table: medians of the fresh starts.
/// </summary>
internal static class StartupCommand
{
    public const string Usage = "bench startup [--starts 10] [--seed 1234]";

    private const string ModelName = "shufflenet_v2_x1_0";

    private const string OrtPath = "ORT's own (MLAS)";

    public static int Run(IReadOnlyList<string> args)
    {
        int starts = 10, seed = 1234;
        for (int i = 0; i < args.Count; i += 2)
        {
            int? value = i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : null;
            switch (args[i])
            {
                case "--starts" when value is not null: starts = value.Value; break;
                case "--seed" when value is not null: seed = value.Value; break;
                default:
                    Console.Error.WriteLine($"usage: {Usage} (options take positive integers)");
                    return 2;
            }
        }

        BenchModel model = BenchModels.Find(ModelName);
        string directory = Path.Combine(Path.GetTempPath(), "shufflenetgen-startup-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            ModelArtifacts files = ModelArtifacts.Create(model, seed, directory, withOnnx: true);
            Console.Error.WriteLine("Building the cold-start program, and publishing it with NativeAOT (minutes the first time on 2 cores)...");
            StartupChildren children = StartupChildren.Build();
            var engines = new (string Name, Func<ProcessStartInfo> Start)[]
            {
                ("NativeAOT (`IlcInstructionSet=native`)", () => new ProcessStartInfo(children.NativeAot, [files.WeightsPath])),
                ("JIT (the same program, framework-dependent)", () => new ProcessStartInfo(children.Jit, [files.WeightsPath])),
                ("ONNX Runtime (one thread, in a .NET process)", () => SelfProcess.StartInfo([ColdStart.OrtCommand, model.Name, files.OnnxPath!])),
            };

            // One untimed start each: the executables, the runtime and the model files come into the page cache.
            string[] paths = engines.Select(e =>
            {
                ColdStart.Measure(e.Start(), e.Name, out string rest);
                return rest.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("simd ", StringComparison.Ordinal))?["simd ".Length..] ?? OrtPath;
            }).ToArray();

            string loadBefore = MachineInfo.LoadAverage();
            var measured = engines.Select(_ => new List<ColdStart>()).ToArray();
            for (int i = 0; i < starts; i++)
            {
                for (int k = 0; k < engines.Length; k++)
                {
                    int e = (i + k) % engines.Length;
                    measured[e].Add(ColdStart.Measure(engines[e].Start(), engines[e].Name));
                }
            }

            Console.WriteLine($"Process start → first logits, {model.Name} (one 224×224 image, seeded random weights): median of {starts} fresh starts each, interleaved.");
            Console.WriteLine();
            Console.WriteLine($"CPU: {MachineInfo.Cpu()}; {MachineInfo.Runtime()}; {MachineInfo.OnnxRuntime()}; load average {loadBefore} before, {MachineInfo.LoadAverage()} after.");
            Console.WriteLine();
            Console.WriteLine("| Engine | SIMD path | Process → logits ms | Inside: load + first run ms |");
            Console.WriteLine("|---|---|---:|---:|");
            for (int e = 0; e < engines.Length; e++)
            {
                ColdStart median = ColdStart.Median(measured[e]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {engines[e].Name} | {paths[e]} | {median.ProcessMilliseconds:F1} | {median.InsideMilliseconds:F1} |"));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
