using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using ShuffleNetGen.Bench.Models;

namespace ShuffleNetGen.Bench;

/// <summary>
/// <c>bench profile &lt;spec name&gt; [seconds]</c>: one generated model's <c>Predict</c> in a loop on one thread, for a
/// sampling profiler to attach to (<c>DOTNET_PerfMapEnabled=1 perf record -g</c>, see bench/README.md). Prints the
/// median milliseconds per call of each second.
/// </summary>
internal static class ProfileCommand
{
    public const string Usage = "bench profile <spec name, e.g. shufflenet_v2_x1_0> [seconds, default 10]";

    public static int Run(IReadOnlyList<string> args)
    {
        if (args.Count is < 1 or > 2 || (args.Count == 2 && !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            Console.Error.WriteLine("usage: " + Usage);
            return 2;
        }
        int seconds = args.Count == 2 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        BenchModel model = BenchModels.Find(args[0]);
        string directory = Directory.CreateTempSubdirectory("sng-profile-").FullName;
        try
        {
            ModelArtifacts files = ModelArtifacts.Create(model, seed: 1234, directory, withOnnx: false);
            Predictor predict = model.Load(files.WeightsPath);
            var input = new float[model.InputLength];
            for (int i = 0; i < input.Length; i++) input[i] = (i % 251) / 251f - 0.5f;
            var logits = new float[model.Info.Classes];
            var times = new List<double>();
            for (int s = 0; s < seconds; s++)
            {
                times.Clear();
                long end = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
                while (Stopwatch.GetTimestamp() < end)
                {
                    long t = Stopwatch.GetTimestamp();
                    predict(input, logits, 1);
                    times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
                times.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{model.Name}: second {s + 1}, {times.Count} calls, median {times[times.Count / 2]:F3} ms"));
            }
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
