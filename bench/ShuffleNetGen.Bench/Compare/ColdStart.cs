using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using ShuffleNetGen.Bench.Models;
using ShuffleNetGen.Onnx.Ort;

namespace ShuffleNetGen.Bench.Compare;

/// <summary>Cold start of one engine in a fresh process: what a user's program pays before its first logits.</summary>
/// <param name="ProcessMilliseconds">From starting the child process to reading its report of the first logits (runtime start-up included).</param>
/// <param name="InsideMilliseconds">Inside the child: ours <c>Load</c> plus the first <c>Predict</c>; ORT session creation plus the first run.</param>
internal readonly record struct ColdStart(double ProcessMilliseconds, double InsideMilliseconds)
{
    /// <summary>The child that loads a generated model: <c>coldstart &lt;spec&gt; &lt;weights&gt;</c>.</summary>
    public const string OursCommand = "coldstart";

    /// <summary>The child that loads the ONNX export in ONNX Runtime: <c>coldstart-ort &lt;spec&gt; &lt;model.onnx&gt;</c>.</summary>
    public const string OrtCommand = "coldstart-ort";

    private const string ReportPrefix = "coldstart-ms ";

    /// <summary>The median of each field on its own.</summary>
    public static ColdStart Median(IReadOnlyList<ColdStart> starts)
    {
        var process = new double[starts.Count];
        var inside = new double[starts.Count];
        for (int i = 0; i < starts.Count; i++) (process[i], inside[i]) = (starts[i].ProcessMilliseconds, starts[i].InsideMilliseconds);
        return new ColdStart(InterleavedTiming.Median(process), InterleavedTiming.Median(inside));
    }

    /// <summary>Starts this program as <c>coldstart &lt;spec&gt; &lt;weights&gt;</c> and times it until it reports its first logits.</summary>
    public static ColdStart MeasureOurs(BenchModel model, string weightsPath) => Measure(OursCommand, model.Name, weightsPath);

    /// <summary>Starts this program as <c>coldstart-ort &lt;spec&gt; &lt;model.onnx&gt;</c>: ONNX Runtime in a .NET process of its own.</summary>
    public static ColdStart MeasureOrt(BenchModel model, string onnxPath) => Measure(OrtCommand, model.Name, onnxPath);

    /// <summary>The child: load the model in the engine <paramref name="command"/> names, run one zero image, report the milliseconds, exit.</summary>
    public static int RunChild(string command, IReadOnlyList<string> args)
    {
        if (args.Count != 2)
        {
            Console.Error.WriteLine($"usage: bench {command} <spec name> <{(command == OrtCommand ? "model.onnx" : "weights.safetensors")}>");
            return 2;
        }
        long started = Stopwatch.GetTimestamp();
        BenchModel model = BenchModels.Find(args[0]);
        float first = command == OrtCommand ? FirstOrtLogit(model, args[1]) : FirstLogit(model, args[1]);
        double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!float.IsFinite(first)) throw new InvalidOperationException($"{model.Name} produced a non-finite logit on a zero image in {command}.");
        Console.WriteLine(ReportPrefix + ms.ToString("R", CultureInfo.InvariantCulture));
        return 0;
    }

    private static float FirstLogit(BenchModel model, string weightsPath)
    {
        Predictor predict = model.Load(weightsPath).Predict;
        var logits = new float[model.Info.Classes];
        predict(new float[model.InputLength], logits, 1);
        return logits[0];
    }

    private static float FirstOrtLogit(BenchModel model, string onnxPath)
    {
        using var session = new OrtSession(onnxPath, model.Info.InputChannels, model.Info.InputHeight, model.Info.InputWidth, intraOpThreads: 1);
        return session.Run(new float[model.InputLength], batch: 1)[0];
    }

    private static ColdStart Measure(string command, string modelName, string path) =>
        Measure(SelfProcess.StartInfo([command, modelName, path]), $"The {command} child for {modelName}");

    /// <summary>
    /// Starts <paramref name="start"/> and times it until it prints its <c>coldstart-ms</c> line; <paramref name="what"/> names it
    /// when it fails. The rest of what it prints is read and dropped.
    /// </summary>
    public static ColdStart Measure(ProcessStartInfo start, string what) => Measure(start, what, out _);

    /// <summary>The same, keeping what the child printed after its <c>coldstart-ms</c> line in <paramref name="rest"/>.</summary>
    public static ColdStart Measure(ProcessStartInfo start, string what, out string rest)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;

        long started = Stopwatch.GetTimestamp();
        using Process child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        string? line = child.StandardOutput.ReadLine();
        double processMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        rest = child.StandardOutput.ReadToEnd();
        string stderr = child.StandardError.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0 || line is null || !line.StartsWith(ReportPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{what} failed (exit {child.ExitCode}): {line} {stderr}".Trim());
        }
        double inside = double.Parse(line.AsSpan(ReportPrefix.Length), NumberStyles.Float, CultureInfo.InvariantCulture);
        return new ColdStart(processMs, inside);
    }
}
