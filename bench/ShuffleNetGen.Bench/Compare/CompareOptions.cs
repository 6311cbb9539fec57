using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ShuffleNetGen.Bench.Models;
using ShuffleNetGen.Onnx.Ort;

namespace ShuffleNetGen.Bench.Compare;

/// <summary>
/// <c>bench compare [--models a,b|all] [--blocks B] [--runs N] [--threads 1,2] [--cold-starts K] [--seed S] [--output path] [--no-avx512]</c>.
/// </summary>
/// <param name="NoAvx512">Run our side with <c>DOTNET_EnableAVX512=0</c> (the AVX2 path on an AVX-512 machine).</param>
internal sealed record CompareOptions(
    IReadOnlyList<BenchModel> Models, int Blocks, int Runs, IReadOnlyList<int> OrtThreads, int ColdStarts, int Seed, string OutputPath, bool NoAvx512)
{
    public const string NoAvx512Flag = "--no-avx512";

    public const string Usage =
        "bench compare [--models a,b|all] [--blocks 10] [--runs 20] [--threads 1,2] [--cold-starts 3] [--seed 1234] [--output bench/results/latest.md] [--no-avx512]";

    /// <exception cref="ArgumentException">An option is unknown, lacks its value, or its value does not parse.</exception>
    public static CompareOptions Parse(IReadOnlyList<string> args)
    {
        IReadOnlyList<BenchModel> models = BenchModels.Default;
        int blocks = 10, runs = 20, coldStarts = 3, seed = 1234;
        IReadOnlyList<int> threads = [1, 2];
        string output = Path.Combine(RepositoryRoot.Find(), "bench", "results", "latest.md");
        bool noAvx512 = false;
        for (int i = 0; i < args.Count; i++)
        {
            string option = args[i];
            if (option == NoAvx512Flag)
            {
                noAvx512 = true;
                continue;
            }
            string value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{option} needs a value. Usage: {Usage}");
            switch (option)
            {
                case "--models":
                    models = value == "all" ? BenchModels.All : value.Split(',', StringSplitOptions.TrimEntries).Select(BenchModels.Find).ToArray();
                    break;
                case "--blocks": blocks = Positive(option, value); break;
                case "--runs": runs = Positive(option, value); break;
                case "--cold-starts": coldStarts = Positive(option, value); break;
                case "--seed": seed = Positive(option, value); break;
                case "--threads":
                    threads = value.Split(',', StringSplitOptions.TrimEntries).Select(t => Positive(option, t)).Distinct().ToArray();
                    break;
                case "--output": output = Path.GetFullPath(value); break;
                default: throw new ArgumentException($"Unknown option '{option}'. Usage: {Usage}");
            }
        }
        return new CompareOptions(models, blocks, runs, threads, coldStarts, seed, output, noAvx512);
    }

    private static int Positive(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : throw new ArgumentException($"{option} takes a positive integer, not '{value}'.");
}
