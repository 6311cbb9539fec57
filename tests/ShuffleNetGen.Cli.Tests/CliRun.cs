using System.IO;

namespace ShuffleNetGen.Cli.Tests;

/// <summary>One <c>shufflenetgen</c> command run in process, with what it wrote.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = App.Run(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public static string Repository { get; } = global::ShuffleNetGen.Onnx.Ort.RepositoryRoot.Find();

    public static string Spec(string fileName) => Path.Combine(Repository, "specs", fileName);
}
