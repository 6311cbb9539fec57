using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using ShuffleNetGen.Bench.Models;

namespace ShuffleNetGen.Bench;

/// <summary>
/// <c>bench profile &lt;spec name&gt; [seconds] [images per call]</c>: one generated model's <c>Predict</c> in a loop, for a
/// sampling profiler to attach to (<c>DOTNET_PerfMapEnabled=1 perf record -g</c>, see bench/README.md). One image per call
/// is split over the cores layer by layer (unless MaxThreads is 1); a batch spreads its images over the cores. Prints the median
/// milliseconds per call of each second.
/// </summary>
internal static class ProfileCommand
{
    public const string Usage = "bench profile <spec name, e.g. shufflenet_v2_x1_0> [seconds, default 10] [images per call, default 1] [MaxThreads, default every core]";

    public static int Run(IReadOnlyList<string> args)
    {
        if (args.Count is < 1 or > 4 || (args.Count >= 2 && !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            || (args.Count >= 3 && (!int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out int b) || b < 1))
            || (args.Count == 4 && (!int.TryParse(args[3], NumberStyles.None, CultureInfo.InvariantCulture, out int th) || th < 1)))
        {
            Console.Error.WriteLine("usage: " + Usage);
            return 2;
        }
        int seconds = args.Count >= 2 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        int batch = args.Count >= 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        int threads = args.Count == 4 ? int.Parse(args[3], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        BenchModel model = BenchModels.Find(args[0]);
        string directory = Directory.CreateTempSubdirectory("sng-profile-").FullName;
        try
        {
            ModelArtifacts files = ModelArtifacts.Create(model, seed: 1234, directory, withOnnx: false);
            LoadedModel loaded = model.Load(files.WeightsPath);
            loaded.SetMaxThreads(threads);
            Predictor predict = loaded.Predict;
            var input = new float[batch * model.InputLength];
            for (int i = 0; i < input.Length; i++) input[i] = (i % 251) / 251f - 0.5f;
            var logits = new float[batch * model.Info.Classes];
            var times = new List<double>();
            for (int s = 0; s < seconds; s++)
            {
                times.Clear();
                long end = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
                while (Stopwatch.GetTimestamp() < end)
                {
                    long t = Stopwatch.GetTimestamp();
                    predict(input, logits, batch);
                    times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
                times.Sort();
                (double solo, double team) = loaded.Instance.LaneChoice.AveragesMilliseconds;
                string lanes = batch == 1 && threads > 1 && loaded.Instance.SharesImages
                    ? string.Create(CultureInfo.InvariantCulture, $"; lately one image alone {solo:F3} ms, on the team {team:F3} ms")
                    : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{model.Name}: second {s + 1}, {times.Count} calls of {batch} image(s), median {times[times.Count / 2]:F3} ms, {times[times.Count / 2] / batch:F3} ms per image{lanes}"));
            }
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
