using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ShuffleNetGen.Cli.Specs;
using Xunit;

namespace ShuffleNetGen.Cli.Tests;

/// <summary>
/// <c>shufflenetgen bench</c>: the spec's class and ONNX Runtime on the same weights agree and are both timed, one row per
/// thread count. Times are printed, never asserted (the machines are shared); agreement is.
/// </summary>
public sealed class BenchCommandTests
{
    [Fact]
    public void Both_engines_agree_and_each_thread_count_gets_a_row_of_times()
    {
        CliRun run = CliRun.Of("bench", CliRun.Spec("shufflenet_v2_x0_5.model.yaml"), "--blocks", "2", "--runs", "2");
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.Contains("seeded random weights", run.Output, StringComparison.Ordinal);
        Assert.Contains("ONNX Runtime 1.31.1", run.Output, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"Logits: largest difference [0-9.E+-]+ of the largest \|logit\| \(PASS"), run.Output);
        int[] threads = Environment.ProcessorCount > 1 ? [1, Environment.ProcessorCount] : [1];
        foreach (int t in threads)
        {
            // threads │ ORT ms │ ours ms │ speed-up: positive times and their ratio.
            Match row = Regex.Match(run.Output, $@"│ {t}\s+│\s+([0-9.]+) │\s+([0-9.]+) │\s+([0-9.]+)×");
            Assert.True(row.Success, run.Output);
            double ort = double.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            double ours = double.Parse(row.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(ort > 0 && ours > 0, row.Value);
        }
    }

    [Fact]
    public void Given_weights_are_the_ones_both_engines_run_and_a_pth_works()
    {
        string weights = Path.Combine(CliRun.Repository, "tests", "ShuffleNetGen.Runtime.Tests", "Weights", "Fixtures", "shufflenet_v2_x0_5.f16.pth");
        CliRun run = CliRun.Of("bench", CliRun.Spec("shufflenet_v2_x0_5.model.yaml"), "--weights", weights, "--blocks", "1", "--runs", "1");
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        Assert.DoesNotContain("seeded random weights", run.Output, StringComparison.Ordinal);
        Assert.Contains("(PASS", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_that_do_not_fit_are_an_error_naming_the_file()
    {
        string weights = Path.Combine(Path.GetTempPath(), $"other-{Guid.NewGuid():N}.safetensors");
        RandomWeights.Write(ModelCompiler.Compile(SpecPipeline.Run(CliRun.Spec("shufflenet_v1_g3_x0_5.model.yaml"))).Info, weights);
        try
        {
            CliRun run = CliRun.Of("bench", CliRun.Spec("shufflenet_v2_x0_5.model.yaml"), "--weights", weights, "--runs", "1");
            Assert.Equal(1, run.ExitCode);
            Assert.Contains(Path.GetFileName(weights), run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(weights);
        }
    }

    [Theory]
    [InlineData("--runs", "0")]
    [InlineData("--blocks", "-1")]
    public void Bad_arguments_are_refused(string option, string value)
    {
        CliRun run = CliRun.Of("bench", CliRun.Spec("shufflenet_v2_x0_5.model.yaml"), option, value);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
    }
}
