using System.CommandLine;
using System.IO;
using ShuffleNetGen.Cli.Commands;

namespace ShuffleNetGen.Cli;

/// <summary>The <c>shufflenetgen</c> command line, writing to the given output and error (the console, or a test's writers).</summary>
internal static class App
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("shufflenetgen: what each layer of a ShuffleNetGen spec costs, where the time goes, and its ONNX export.")
        {
            ReportCommand.Create(output, error),
            ProfileCommand.Create(output, error),
            ExportOnnxCommand.Create(output, error),
        };
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
