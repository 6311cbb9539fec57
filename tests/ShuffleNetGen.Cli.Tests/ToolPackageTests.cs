using System;
using System.Globalization;
using System.IO;
using ShuffleNetGen.Cli.Specs;
using ShuffleNetGen.Package.Tests;
using Xunit;

namespace ShuffleNetGen.Cli.Tests;

/// <summary>
/// The tool as a user gets it: <c>dotnet pack tools/ShuffleNetGen.Cli</c>, <c>dotnet tool install --tool-path</c> into a fresh
/// folder from that .nupkg, and each command run from there against the repository's specs.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);
    private readonly string _work = Path.Combine(Path.GetTempPath(), "shufflenetgen-tool-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_packed_tool_installs_into_a_fresh_folder_and_every_command_runs_from_there()
    {
        string feed = Path.Combine(_work, "feed"), tools = Path.Combine(_work, "tools");
        string version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        Ok(DotnetCommand.Run(CliRun.Repository, Timeout, "pack", Path.Combine(CliRun.Repository, "tools", "ShuffleNetGen.Cli"), "-c", "Release",
            "-o", feed, "-p:Version=" + version, "-nodeReuse:false"));
        Assert.True(File.Exists(Path.Combine(feed, $"ShuffleNetGen.Cli.{version}.nupkg")));
        Ok(DotnetCommand.Run(_work, Timeout, "tool", "install", "ShuffleNetGen.Cli", "--tool-path", tools, "--add-source", feed, "--version", version));
        string tool = Path.Combine(tools, "shufflenetgen");

        string spec = CliRun.Spec("shufflenet_v2_x0_5.model.yaml");
        CommandResult report = Ok(DotnetCommand.RunProgram(tool, _work, Timeout, "report", spec));
        Assert.Contains("40.5 M multiply-adds, 1,366,792 parameters", report.StandardOutput, StringComparison.Ordinal);

        string html = Path.Combine(_work, "page.html");
        Ok(DotnetCommand.RunProgram(tool, _work, Timeout, "profile", spec, "--html", html, "--iterations", "3"));
        Assert.Contains("id=\"by-kind\"", File.ReadAllText(html), StringComparison.Ordinal);

        string weights = Path.Combine(_work, "weights.safetensors"), onnx = Path.Combine(_work, "model.onnx");
        RandomWeights.Write(ModelCompiler.Compile(SpecPipeline.Run(spec)).Info, weights);
        Ok(DotnetCommand.RunProgram(tool, _work, Timeout, "export-onnx", spec, "--weights", weights, "--out", onnx));
        Assert.True(new FileInfo(onnx).Length > 4 * 1_366_792, "the ONNX file is smaller than its float32 weights");

        // classify and bench: the image decoder and ONNX Runtime's native library came with the tool.
        string fixtures = Path.Combine(CliRun.Repository, "tests", "ShuffleNetGen.Runtime.Tests");
        CommandResult classify = Ok(DotnetCommand.RunProgram(tool, _work, Timeout, "classify", spec, "--weights", weights,
            Path.Combine(fixtures, "Imaging", "Fixtures", "rgb_320x240.png"), "--top", "2"));
        Assert.Contains("probability", classify.StandardOutput, StringComparison.Ordinal);
        CommandResult bench = Ok(DotnetCommand.RunProgram(tool, _work, Timeout, "bench", spec, "--weights", weights, "--blocks", "1", "--runs", "1"));
        Assert.Contains("(PASS", bench.StandardOutput, StringComparison.Ordinal);

        CommandResult bad = DotnetCommand.RunProgram(tool, _work, Timeout, "report", Path.Combine(_work, "missing.model.yaml"));
        Assert.NotEqual(0, bad.ExitCode);
    }

    private static CommandResult Ok(CommandResult result)
    {
        Assert.True(result.ExitCode == 0, result.Describe());
        return result;
    }

    public void Dispose()
    {
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }
}
