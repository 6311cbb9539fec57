using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using ShuffleNetGen.Generator.Tests.Readme;
using Xunit;

namespace ShuffleNetGen.Cli.Tests;

/// <summary><c>shufflenetgen report</c>: totals as the README's tables give them, for every spec in specs/; bad input as the build reports it.</summary>
public sealed class ReportCommandTests
{
    public static TheoryData<string> Specs => new(Directory.GetFiles(Path.Combine(CliRun.Repository, "specs"), "*.model.yaml")
        .Select(Path.GetFileName).Select(f => f!).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Specs))]
    public void Report_totals_match_the_readme_table(string fileName)
    {
        CliRun run = CliRun.Of("report", CliRun.Spec(fileName), "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        JsonElement root = json.RootElement;
        long macs = root.GetProperty("multiplyAdds").GetInt64(), parameters = root.GetProperty("parameters").GetInt64();
        JsonElement[] layers = root.GetProperty("layers").EnumerateArray().ToArray();
        Assert.Equal(macs, layers.Sum(l => l.GetProperty("multiplyAdds").GetInt64()));
        Assert.Equal(parameters, layers.Sum(l => l.GetProperty("parameters").GetInt64()));

        string spec = fileName[..^".model.yaml".Length];
        var readme = ReadmeModelTables.Read(Path.Combine(CliRun.Repository, "README.md"));
        Assert.True(readme.TryGetValue(spec, out ReadmeModelTables.Row? row), $"README.md has no table row for {spec}");
        Assert.Equal(row!.Parameters, parameters);
        Assert.Equal(row.MultiplyAddsMillions, Math.Round(macs / 1e6, 1, MidpointRounding.AwayFromZero));
    }

    [Fact]
    public void The_table_names_every_layer_and_the_build_s_guideline_warnings()
    {
        CliRun run = CliRun.Of("report", CliRun.Spec("shufflenet_v1_g3_x1_0.model.yaml"));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("features.15.branch_main_2.0", run.Output, StringComparison.Ordinal);
        Assert.Contains("137.5 M multiply-adds, 1,864,728 parameters", run.Output, StringComparison.Ordinal);
        Assert.Contains("shufflenet_v1_g3_x1_0.model.yaml(8,9): warning SNG0041:", run.Output, StringComparison.Ordinal);
        Assert.Contains("warning SNG0043:", run.Output, StringComparison.Ordinal);
        Assert.Contains("No guideline warnings.", CliRun.Of("report", CliRun.Spec("shufflenet_v2_x0_5.model.yaml")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_spec_gives_the_build_s_located_errors_and_exit_code_1()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.model.yaml");
        File.WriteAllText(path, "name: Net\nfamily: shufflenet_v2\ninput: { channels: 3, height: 224, width: 224 }\nclasses: 10\n" +
                                "stem: { channels: 24 }\nstages:\n  - { repeats: 1, channels: 117 }\nhead: { channels: 1024 }\n");
        try
        {
            foreach (string command in new[] { "report", "profile", "export-onnx" })
            {
                string[] args = command switch
                {
                    "profile" => new[] { command, path, "--html", path + ".html" },
                    "export-onnx" => new[] { command, path, "--weights", path, "--out", path + ".onnx" },
                    _ => new[] { command, path },
                };
                CliRun run = CliRun.Of(args);
                Assert.Equal(1, run.ExitCode);
                Assert.Contains(path + "(7,29): error SNG0010:", run.Error, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bad_arguments_are_errors_with_a_non_zero_exit_code()
    {
        Assert.NotEqual(0, CliRun.Of("report").ExitCode);
        Assert.NotEqual(0, CliRun.Of("report", "/no/such/file.model.yaml").ExitCode);
        Assert.NotEqual(0, CliRun.Of("profile", CliRun.Spec("shufflenet_v2_x0_5.model.yaml")).ExitCode);
        Assert.NotEqual(0, CliRun.Of("profile", CliRun.Spec("shufflenet_v2_x0_5.model.yaml"), "--html", "x.html", "--iterations", "0").ExitCode);
        Assert.NotEqual(0, CliRun.Of("frobnicate").ExitCode);
    }
}
