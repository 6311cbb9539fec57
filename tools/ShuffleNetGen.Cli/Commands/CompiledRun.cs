using System;
using System.IO;
using ShuffleNetGen.Cli.Specs;
using ShuffleNetGen.Runtime;
using ShuffleNetGen.Runtime.Weights;
using Spectre.Console;

namespace ShuffleNetGen.Cli.Commands;

/// <summary>
/// What <c>profile</c>, <c>classify</c> and <c>bench</c> share: compile the spec, choose its weights (the given file, or seeded
/// random ones, said so), load the class and work on it under a progress line; then report. A weights file that does not
/// fit is its <see cref="WeightFileException"/> message on standard error and exit code 1; the random file is deleted.
/// </summary>
internal static class CompiledRun
{
    public static int Run<T>(IAnsiConsole console, SpecPipeline pipeline, string? weightsPath, TextWriter error,
        Func<StatusContext, IImageClassifier, ModelWeights, T> work, Func<T, ModelWeights, int> report)
    {
        ModelWeights? chosen = null;
        try
        {
            T result = console.Status().Start("Compiling the spec", context =>
            {
                ModelCompiler.CompiledModel compiled = ModelCompiler.Compile(pipeline);
                context.Status(weightsPath is null ? "Writing random weights" : "Loading the weights");
                chosen = ModelWeights.Of(weightsPath, compiled.Info);
                return work(context, compiled.Load(chosen.Path), chosen);
            });
            if (chosen!.IsRandom) console.WriteLine(ModelWeights.RandomNote);
            return report(result, chosen);
        }
        catch (WeightFileException e)
        {
            error.WriteLine("error: " + e.Message);
            return Diagnostics.Failed;
        }
        finally
        {
            chosen?.Dispose();
        }
    }
}
