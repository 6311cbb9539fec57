using System;
using System.CommandLine;
using System.IO;
using ShuffleNetGen.Cli.Report;
using ShuffleNetGen.Cli.Specs;
using ShuffleNetGen.Runtime;
using ShuffleNetGen.Runtime.Weights;
using Spectre.Console;

namespace ShuffleNetGen.Cli.Commands;

/// <summary>
/// <c>profile SPEC [--weights W] [--iterations N] --html OUT</c>: compiles the spec in process, loads it (seeded random weights
/// when none are given, and says so), times each layer with the generated <c>Profile</c> and writes the HTML page.
/// </summary>
internal static class ProfileCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        Argument<FileInfo> spec = SpecArgument.Create();
        var weights = new Option<FileInfo>("--weights") { Description = "The model's state_dict (safetensors or .pth). Without it, seeded random weights: the times hold, the logits mean nothing." };
        weights.AcceptExistingOnly();
        var html = new Option<FileInfo>("--html") { Description = "Where to write the HTML page.", Required = true };
        Option<int> iterations = PositiveOption.Create("--iterations", "Timed runs of one image (at least 1).", 50);
        var command = new Command("profile", "Compile the spec, time each layer on this machine and write a self-contained HTML page of where the cost goes.")
        {
            spec, weights, html, iterations,
        };
        command.SetAction(parsed =>
        {
            SpecPipeline? pipeline = Diagnostics.Read(parsed.GetValue(spec)!, error);
            if (pipeline is null) return Diagnostics.Failed;
            IAnsiConsole console = Consoles.Over(output);
            return CompiledRun.Run(console, pipeline, parsed.GetValue(weights)?.FullName, error,
                (context, model, _) =>
                {
                    context.Status($"Timing {parsed.GetValue(iterations)} runs");
                    return model.Profile(TestPattern(model.InputLength), parsed.GetValue(iterations));
                },
                (profile, chosen) =>
                {
                    string page = HtmlReport.Write(profile, Path.GetFileName(pipeline.Path), chosen.Description);
                    FileInfo target = parsed.GetValue(html)!;
                    File.WriteAllText(target.FullName, page);
                    console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"{profile.Info.Name}: median {profile.MedianMilliseconds:F3} ms per image over {profile.Iterations} runs ({profile.SimdPath}, one thread); wrote {target.FullName}"));
                    return 0;
                });
        });
        return command;
    }

    /// <summary>A fixed ramp in [-1, 1): real-valued, no denormals, the same every run.</summary>
    internal static float[] TestPattern(int length)
    {
        var input = new float[length];
        for (int i = 0; i < length; i++) input[i] = (i % 251) / 125.5f - 1f;
        return input;
    }
}
