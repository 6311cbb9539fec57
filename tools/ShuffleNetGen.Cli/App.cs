using System.CommandLine;
using System.IO;
using ShuffleNetGen.Cli.Commands;

namespace ShuffleNetGen.Cli;

/// <summary>The <c>shufflenetgen</c> command line, writing to the given output and error (the console, or a test's writers).</summary>
internal static class App
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("shufflenetgen: what each layer of a ShuffleNetGen spec costs, where the time goes, its ONNX export, its classes for an image and its speed against ONNX Runtime.")
        {
            ReportCommand.Create(output, error),
            ProfileCommand.Create(output, error),
            ExportOnnxCommand.Create(output, error),
            ClassifyCommand.Create(output, error),
            BenchCommand.Create(output, error),
        };
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
