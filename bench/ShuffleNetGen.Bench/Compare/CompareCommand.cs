using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using ShuffleNetGen.Bench.Models;
using ShuffleNetGen.Onnx.Ort;
using ShuffleNetGen.Reference;
using ShuffleNetGen.Runtime;

namespace ShuffleNetGen.Bench.Compare;

/// <summary>
/// <c>bench compare</c>: for each model, seeded random weights → safetensors → ONNX; ONNX Runtime and the generated class load
/// the same numbers, must agree on the same input, then are timed interleaved; the tables go to the console and a Markdown file.
/// </summary>
internal static class CompareCommand
{
    /// <summary>Images per batched call in the throughput table.</summary>
    public const int BatchSize = 8;

    public static int Run(IReadOnlyList<string> args)
    {
        CompareOptions options;
        try
        {
            options = CompareOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
        // The JIT reads the switch at start-up only: rerun this process with it set (ONNX Runtime, native code, ignores it).
        if (options.NoAvx512 && !SimdPath.Avx512SwitchedOff) return RunWithoutAvx512(args);

        var context = new RunContext(DateTime.UtcNow, MachineInfo.LoadAverage(), FmaPeak.Measure(milliseconds: 300));
        string directory = Directory.CreateTempSubdirectory("sng-compare-").FullName;
        var results = new List<ModelResult>();
        try
        {
            foreach (BenchModel model in options.Models)
            {
                ModelResult result = Measure(model, options, directory);
                results.Add(result);
                Console.WriteLine(ResultsTable.ProgressLine(result));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
        context = context with { LoadAfter = MachineInfo.LoadAverage() };

        string markdown = ResultsTable.Markdown(results, options, context);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Directory.CreateDirectory(Path.GetDirectoryName(options.OutputPath)!);
        File.WriteAllText(options.OutputPath, markdown);
        Console.WriteLine($"Written to {options.OutputPath}");

        int failed = results.Count(r => !r.Check.Passed);
        if (failed > 0) Console.Error.WriteLine($"FAIL: {failed} model(s) disagree with ONNX Runtime beyond {LogitCheck.RelativeTolerance:E0} of the largest |logit|.");
        return failed == 0 ? 0 : 1;
    }

    private static int RunWithoutAvx512(IReadOnlyList<string> args)
    {
        ProcessStartInfo start = SelfProcess.StartInfo(["compare", .. args]);
        start.Environment[SimdPath.NoAvx512Variable] = "0";
        using Process child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        child.WaitForExit();
        return child.ExitCode;
    }

    private static ModelResult Measure(BenchModel model, CompareOptions options, string directory)
    {
        ModelArtifacts files = ModelArtifacts.Create(model, options.Seed, directory, withOnnx: true);
        string onnxPath = files.OnnxPath!;
        ModelInfo info = model.Info;
        int length = model.InputLength, classes = info.Classes;
        LoadedModel loaded = model.Load(files.WeightsPath);
        Predictor ours = loaded.Predict;
        int cores = Environment.ProcessorCount;

        float[] image = RandomInput.Create(length, options.Seed + 1);
        float[] images = RandomInput.Create(BatchSize * length, options.Seed + 2);
        var logits = new float[classes];
        var batchLogits = new float[BatchSize * classes];
        ours(image, logits, 1);
        ours(images, batchLogits, BatchSize);

        var sessions = new List<(int Threads, OrtSession Session, OrtBoundRun Single)>();
        var ortLogits = new float[classes];
        var ortBatchLogits = new float[BatchSize * classes];
        try
        {
            foreach (int threads in options.OrtThreads)
            {
                var session = new OrtSession(onnxPath, info.InputChannels, info.InputHeight, info.InputWidth, threads);
                sessions.Add((threads, session, session.Bind(image, ortLogits, 1)));
            }
            OrtSession widest = sessions.MaxBy(s => s.Threads).Session;
            using OrtBoundRun widestBatch = widest.Bind(images, ortBatchLogits, BatchSize);

            widestBatch.Run();
            LogitCheck check = LogitCheck.Of(ortBatchLogits, batchLogits);
            foreach ((_, _, OrtBoundRun single) in sessions)
            {
                single.Run();
                check = LogitCheck.Worst(check, LogitCheck.Of(ortLogits, logits));
            }

            // Both engines are timed by the same loop around one call each: ORT's Run into a bound output, our Predict.
            var latency = new List<Contender>();
            foreach ((int threads, _, OrtBoundRun single) in sessions)
            {
                latency.Add(new Contender(OrtName(threads), runs => InterleavedTiming.Block(single.Run, runs)));
            }
            latency.Add(new Contender("ours", runs => Threads(loaded, 1, () => InterleavedTiming.Block(() => ours(image, logits, 1), runs))));
            latency.Add(new Contender("ours team", runs => Threads(loaded, cores, () => InterleavedTiming.Block(() => ours(image, logits, 1), runs))));
            Dictionary<string, double> latencyMs = InterleavedTiming.Medians(latency, options.Blocks, options.Runs);

            // Batches cost 8 images a run: fewer blocks and runs keep the whole comparison within minutes.
            Contender[] throughput =
            [
                new("sequential", runs => Threads(loaded, 1, () => InterleavedTiming.Block(() =>
                {
                    for (int b = 0; b < BatchSize; b++) ours(images.AsSpan(b * length, length), batchLogits.AsSpan(b * classes, classes), 1);
                }, runs))),
                new("batch 1T", runs => Threads(loaded, 1, () => InterleavedTiming.Block(() => ours(images, batchLogits, BatchSize), runs))),
                new("batch", runs => Threads(loaded, cores, () => InterleavedTiming.Block(() => ours(images, batchLogits, BatchSize), runs))),
                new("ort", runs => InterleavedTiming.Block(widestBatch.Run, runs)),
            ];
            Dictionary<string, double> batchMs = InterleavedTiming.Medians(throughput, Math.Max(2, options.Blocks / 2), Math.Max(3, options.Runs / 4));

            DisposeAll(sessions);
            (ColdStart oursCold, ColdStart ortCold) = ColdStarts(model, files.WeightsPath, onnxPath, options.ColdStarts);

            return new ModelResult(model, check,
                sessions.ToDictionary(s => s.Threads, s => latencyMs[OrtName(s.Threads)]),
                latencyMs["ours"],
                latencyMs["ours team"],
                ImagesPerSecond(batchMs["sequential"]),
                ImagesPerSecond(batchMs["batch 1T"]),
                ImagesPerSecond(batchMs["batch"]),
                ImagesPerSecond(batchMs["ort"]),
                oursCold, ortCold);
        }
        finally
        {
            DisposeAll(sessions);
        }
    }

    /// <summary>Medians of <paramref name="count"/> fresh child processes each, alternating: ours, then ONNX Runtime (one thread).</summary>
    private static (ColdStart Ours, ColdStart Ort) ColdStarts(BenchModel model, string weightsPath, string onnxPath, int count)
    {
        var ours = new ColdStart[count];
        var ort = new ColdStart[count];
        for (int i = 0; i < count; i++)
        {
            ours[i] = ColdStart.MeasureOurs(model, weightsPath);
            ort[i] = ColdStart.MeasureOrt(model, onnxPath);
        }
        return (ColdStart.Median(ours), ColdStart.Median(ort));
    }

    /// <summary>Runs <paramref name="measure"/> with the model's <c>MaxThreads</c> set to <paramref name="threads"/>, then restores every core.</summary>
    private static T Threads<T>(LoadedModel model, int threads, Func<T> measure)
    {
        model.SetMaxThreads(threads);
        try
        {
            return measure();
        }
        finally
        {
            model.SetMaxThreads(Environment.ProcessorCount);
        }
    }

    public static string OrtName(int threads) => "ort" + threads.ToString(CultureInfo.InvariantCulture);

    private static double ImagesPerSecond(double batchMilliseconds) => BatchSize * 1000.0 / batchMilliseconds;

    private static void DisposeAll(List<(int Threads, OrtSession Session, OrtBoundRun Single)> sessions)
    {
        foreach ((_, OrtSession session, OrtBoundRun single) in sessions)
        {
            single.Dispose();
            session.Dispose();
        }
    }
}
