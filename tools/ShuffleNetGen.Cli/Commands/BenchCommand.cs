using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using ShuffleNetGen.Bench.Compare;
using ShuffleNetGen.Cli.Report;
using ShuffleNetGen.Cli.Specs;
using ShuffleNetGen.Onnx.Export;
using ShuffleNetGen.Onnx.Ort;
using ShuffleNetGen.Runtime;
using ShuffleNetGen.Runtime.Weights;
using Spectre.Console;

namespace ShuffleNetGen.Cli.Commands;

/// <summary>
/// <c>bench SPEC [--weights W] [--blocks N] [--runs N]</c>: the spec compiled in process and the same network and weights
/// exported to ONNX and run by ONNX Runtime in this process; both must agree on one input, then one image per call is timed
/// on one thread and on every core, in interleaved blocks (as the repository's <c>bench compare</c> does), and one table
/// gives the medians and the ratios.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        Argument<FileInfo> spec = SpecArgument.Create();
        var weights = new Option<FileInfo>("--weights") { Description = "The model's state_dict (safetensors or .pth). Without it, seeded random weights: the times hold." };
        weights.AcceptExistingOnly();
        Option<int> blocks = PositiveOption.Create("--blocks", "Interleaved blocks per engine (at least 1).", 10);
        Option<int> runs = PositiveOption.Create("--runs", "Timed runs per block (at least 1).", 20);
        var command = new Command("bench", "Time the spec's generated class against ONNX Runtime on this machine: one image, one thread and every core.")
        {
            spec, weights, blocks, runs,
        };
        command.SetAction(parsed =>
        {
            SpecPipeline? pipeline = Diagnostics.Read(parsed.GetValue(spec)!, error);
            if (pipeline is null) return Diagnostics.Failed;
            IAnsiConsole console = Consoles.Over(output);
            string onnx = Path.Combine(Path.GetTempPath(), $"shufflenetgen-{Guid.NewGuid():N}.onnx");
            try
            {
                return CompiledRun.Run(console, pipeline, parsed.GetValue(weights)?.FullName, error,
                    (context, model, chosen) =>
                    {
                        context.Status("Exporting to ONNX");
                        using (WeightFile file = WeightFile.Open(chosen.Path)) OnnxExporter.Export(pipeline.Graph!, file, onnx);
                        context.Status("Timing both engines");
                        return Measure(model, onnx, parsed.GetValue(blocks), parsed.GetValue(runs));
                    },
                    (result, _) =>
                    {
                        Print(console, pipeline, result, parsed.GetValue(blocks), parsed.GetValue(runs));
                        if (result.Check.Passed) return 0;
                        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"error: the generated class and ONNX Runtime disagree: largest difference {result.Check.MaxError:G3} against largest |logit| {result.Check.MaxLogit:G3} (tolerance {LogitCheck.RelativeTolerance:E0} of it); please report it."));
                        return Diagnostics.Failed;
                    });
            }
            finally
            {
                File.Delete(onnx);
            }
        });
        return command;
    }

    /// <summary>Median milliseconds per image of each engine at each thread count, and the logit check.</summary>
    private sealed record Result(IReadOnlyList<int> Threads, Dictionary<string, double> Medians, LogitCheck Check);

    private static Result Measure(IImageClassifier model, string onnx, int blocks, int runs)
    {
        int[] threads = Environment.ProcessorCount > 1 ? [1, Environment.ProcessorCount] : [1];
        float[] image = ProfileCommand.TestPattern(model.InputLength);
        var ours = new float[model.Classes];
        var theirs = new float[model.Classes];
        var sessions = new List<(OrtSession Session, OrtBoundRun Run)>();
        try
        {
            var contenders = new List<Contender>();
            LogitCheck check = default;
            foreach (int t in threads)
            {
                var session = new OrtSession(onnx, model.InputChannels, model.InputHeight, model.InputWidth, t);
                OrtBoundRun run = session.Bind(image, theirs, 1);
                sessions.Add((session, run));
                model.MaxThreads = t;
                model.Predict(image, ours);
                run.Run();
                check = LogitCheck.Worst(check, LogitCheck.Of(theirs, ours));
                contenders.Add(new Contender(Name("ort", t), n => InterleavedTiming.Block(run.Run, n)));
                contenders.Add(new Contender(Name("ours", t), n => WithThreads(model, t, () => InterleavedTiming.Block(() => model.Predict(image, ours), n))));
            }
            Dictionary<string, double> medians = InterleavedTiming.Medians(contenders, blocks, runs);
            return new Result(threads, medians, check);
        }
        finally
        {
            model.MaxThreads = Environment.ProcessorCount;
            foreach ((OrtSession session, OrtBoundRun run) in sessions)
            {
                run.Dispose();
                session.Dispose();
            }
        }
    }

    private static double[] WithThreads(IImageClassifier model, int threads, Func<double[]> measure)
    {
        model.MaxThreads = threads;
        return measure();
    }

    private static string Name(string engine, int threads) => engine + threads.ToString(CultureInfo.InvariantCulture);

    private static void Print(IAnsiConsole console, SpecPipeline pipeline, Result result, int blocks, int runs)
    {
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{pipeline.Plan!.ClassName} on {MachineInfo.Cpu()} ({SimdPath.Name}, {Environment.ProcessorCount} cores, {MachineInfo.Runtime()}, load average {MachineInfo.LoadAverage()}) against {MachineInfo.OnnxRuntime()}: one image per call, medians of {blocks} interleaved blocks × {runs} runs per engine.")));
        var table = new Table();
        table.AddColumn("threads");
        table.AddColumn(new TableColumn("ONNX Runtime ms").RightAligned());
        table.AddColumn(new TableColumn("ShuffleNetGen ms").RightAligned());
        table.AddColumn(new TableColumn("speed-up").RightAligned());
        foreach (int t in result.Threads)
        {
            double ort = result.Medians[Name("ort", t)], ours = result.Medians[Name("ours", t)];
            table.AddRow(t.ToString(CultureInfo.InvariantCulture), F(ort), F(ours), (ort / ours).ToString("F2", CultureInfo.InvariantCulture) + "×");
        }
        console.Write(table);
        LogitCheck c = result.Check;
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Logits: largest difference {c.RelativeError:E1} of the largest |logit| ({(c.Passed ? "PASS" : "FAIL")}, tolerance {LogitCheck.RelativeTolerance:E0}).")));
    }

    private static string F(double ms) => ms.ToString(ms < 10 ? "F3" : "F2", CultureInfo.InvariantCulture);
}
