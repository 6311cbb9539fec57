using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Reflection;
using ShuffleNetGen.Bench.Models;

namespace ShuffleNetGen.Bench.Compare;

/// <summary>Cold start of one generated model in a fresh process: what a user's program pays before its first logits.</summary>
/// <param name="ProcessMilliseconds">From starting the child process to reading its report of the first logits (runtime start-up included).</param>
/// <param name="LoadAndFirstPredictMilliseconds">Inside the child: <c>Load</c> plus the first <c>Predict</c> (the part ORT's session creation + first run compares with).</param>
internal readonly record struct ColdStart(double ProcessMilliseconds, double LoadAndFirstPredictMilliseconds)
{
    public const string Command = "coldstart";

    private const string ReportPrefix = "coldstart-ms ";

    /// <summary>Starts this program as <c>coldstart &lt;spec&gt; &lt;weights&gt;</c> and times it until it reports its first logits.</summary>
    public static ColdStart Measure(BenchModel model, string weightsPath)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("The bench's own executable path is unknown."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Run as `dotnet ShuffleNetGen.Bench.dll`, the process path is the host: hand it the assembly again.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet") start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        start.ArgumentList.Add(Command);
        start.ArgumentList.Add(model.Name);
        start.ArgumentList.Add(weightsPath);

        long started = Stopwatch.GetTimestamp();
        using Process child = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        string? line = child.StandardOutput.ReadLine();
        double processMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        string stderr = child.StandardError.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0 || line is null || !line.StartsWith(ReportPrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The cold-start child for {model.Name} failed (exit {child.ExitCode}): {line} {stderr}".Trim());
        }
        double inside = double.Parse(line.AsSpan(ReportPrefix.Length), NumberStyles.Float, CultureInfo.InvariantCulture);
        return new ColdStart(processMs, inside);
    }

    /// <summary>The child: load the model, run one image, report the milliseconds on stdout, exit.</summary>
    public static int RunChild(IReadOnlyList<string> args)
    {
        if (args.Count != 2)
        {
            Console.Error.WriteLine($"usage: bench {Command} <spec name> <weights.safetensors>");
            return 2;
        }
        long started = Stopwatch.GetTimestamp();
        BenchModel model = BenchModels.Find(args[0]);
        Predictor predict = model.Load(args[1]).Predict;
        var logits = new float[model.Info.Classes];
        predict(new float[model.InputLength], logits, 1);
        double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!float.IsFinite(logits[0])) throw new InvalidOperationException($"{model.Name} produced a non-finite logit on a zero image.");
        Console.WriteLine(ReportPrefix + ms.ToString("R", CultureInfo.InvariantCulture));
        return 0;
    }
}
