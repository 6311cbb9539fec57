using System;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>
/// The README's main job, <c>samples/QuickStart</c>, run as built (this project builds it first): its command line
/// rejects what it does not understand instead of falling back to random weights or crashing.
/// </summary>
public sealed class QuickStartCommandLineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void Help_lists_every_option_and_succeeds()
    {
        (int exitCode, string stdout, string stderr) = Run("--help");
        Assert.True(exitCode == 0, stderr);
        foreach (string option in new[] { "--weights", "--weights-out", "--input", "--runs" })
        {
            Assert.Contains(option, stdout);
        }
    }

    [Theory]
    [InlineData("--wieghts", "weights.safetensors")]
    [InlineData("--runs", "0")]
    [InlineData("--runs", "-3")]
    [InlineData("--runs", "many")]
    [InlineData("--weights", "/no/such/dir/model.safetensors")]
    public void A_bad_argument_is_an_error_naming_it_before_anything_runs(string option, string value)
    {
        (int exitCode, string stdout, string stderr) = Run(option, value);
        Assert.NotEqual(0, exitCode);
        Assert.Matches(Regex.Escape(option.TrimStart('-')) + "|" + Regex.Escape(value), stderr);
        Assert.DoesNotContain("Exception", stderr);
        Assert.DoesNotContain("multiply-adds", stdout);
    }

    [Fact]
    public void Random_weights_go_where_the_user_says_and_the_run_names_its_SIMD_path()
    {
        string weights = Path.Combine(Path.GetTempPath(), $"sng-quickstart-{Guid.NewGuid():N}.safetensors");
        try
        {
            (int exitCode, string stdout, string stderr) = Run("--runs", "1", "--weights-out", weights);
            Assert.True(exitCode == 0, stdout + stderr);
            Assert.True(File.Exists(weights), $"--weights-out {weights} was not written.\n{stdout}");
            Assert.Matches(@"SIMD path: (AVX-512|AVX2 \+ FMA|AVX2|Vector256|NEON|Vector128( \(SSE( \+ FMA)?\))?|scalar); CPU: .+", stdout);
            Assert.Contains("Latency over 1 runs", stdout);
        }
        finally
        {
            File.Delete(weights);
        }
    }

    [Fact]
    public void Without_weights_the_random_ones_go_to_a_new_temporary_file_removed_at_exit()
    {
        (int exitCode, string stdout, string stderr) = Run("--runs", "1");
        Assert.True(exitCode == 0, stdout + stderr);
        Match used = Regex.Match(stdout, @"using seeded random weights \((?<path>[^,)]+)");
        Assert.True(used.Success, stdout);
        string path = used.Groups["path"].Value;
        Assert.StartsWith(Path.GetTempPath(), path);
        Assert.DoesNotContain("shufflenetgen-quickstart-random", path);
        Assert.False(File.Exists(path), $"{path} was left behind.");
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(params string[] arguments)
    {
        // The sample's output folder, in the configuration this test project was built in (bin/<configuration>/net10.0/).
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        string sample = RepositoryFiles.PathOf(Path.Combine("samples", "QuickStart", "bin", configuration, "net10.0", "ShuffleNetGen.QuickStart.dll"));
        Assert.True(File.Exists(sample), $"{sample} not built.");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(sample);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"QuickStart {string.Join(' ', arguments)} did not finish in {Timeout.TotalSeconds:F0} s.");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
