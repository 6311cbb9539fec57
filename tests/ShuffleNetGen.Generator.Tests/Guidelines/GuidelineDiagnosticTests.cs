using System.Linq;
using Microsoft.CodeAnalysis;
using ShuffleNetGen.Generator.Tests.Pipeline;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Guidelines;

/// <summary>SNG0040–SNG0043: ShuffleNet V2's guidelines G1–G4 as warnings, each raised by the smallest spec that strains it and switchable off per spec.</summary>
public sealed class GuidelineDiagnosticTests
{
    private const string V2 = "name: Net\nfamily: shufflenet_v2\ninput: { channels: 3, height: 32, width: 32 }\nclasses: 10\n" +
                              "stem: { channels: 24 }\nstages:\n  - { repeats: 1, channels: 48 }\nhead: { channels: 1024 }\n";

    private static string V1(int groups) =>
        $"name: Net\nfamily: shufflenet_v1\ninput: {{ channels: 3, height: 224, width: 224 }}\nclasses: 10\ngroups: {groups}\n" +
        "stem: { channels: 24 }\nstages:\n  - { repeats: 4, channels: 192 }\n";

    private static Diagnostic[] Run(string spec) =>
        GeneratorHarness.Run(new InMemoryAdditionalText(CanonicalSpecs.ProjectFolder + "net.model.yaml", spec)).Diagnostics
            .OrderBy(d => d.Id, System.StringComparer.Ordinal).ToArray();

    public static TheoryData<string> Specs => new(CanonicalSpecs.FileNames);

    [Theory]
    [MemberData(nameof(Specs))]
    public void Canonical_v1_specs_strain_g2_and_g4_and_the_v2_ones_none(string fileName)
    {
        var found = GeneratorHarness.Run(CanonicalSpecs.AdditionalText(fileName)).Diagnostics;
        Assert.All(found, d => Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity));
        Assert.Equal(CanonicalGuidelines.Expected(fileName), found.Select(d => d.Id).OrderBy(id => id, System.StringComparer.Ordinal));
    }

    [Fact]
    public void G1_a_head_twenty_times_wider_than_its_input_warns_at_the_stage_table()
    {
        Diagnostic d = Assert.Single(Run(V2));
        Assert.Equal("SNG0040", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity);
        Assert.Equal(6, d.Location.GetLineSpan().StartLinePosition.Line); // the stage table's first row
        Assert.Contains("first 'conv5.0' (48 -> 1024 channels)", d.GetMessage(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void G2_grouped_pointwise_convs_warn_at_groups()
    {
        Diagnostic[] found = Run(V1(2));
        Diagnostic d = found.Single(x => x.Id == "SNG0041");
        Assert.Equal(4, d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("7 1x1 convolution(s) are grouped, g = 2, first 'features.0.branch_main_2.0'", d.GetMessage(), System.StringComparison.Ordinal);
        Assert.DoesNotContain(found, x => x.Id == "SNG0042");
    }

    [Fact]
    public void G3_units_of_eight_groups_make_eleven_and_seventeen_kernel_calls()
    {
        Diagnostic d = Run(V1(8)).Single(x => x.Id == "SNG0042");
        Assert.Contains("4 unit(s) make more than 8 kernel calls, first 'features.0' with 11", d.GetMessage(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void G4_residual_adds_and_relus_warn_even_without_groups()
    {
        Diagnostic d = Assert.Single(Run(V1(1)));
        Assert.Equal("SNG0043", d.Id);
        Assert.Equal(1, d.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Theory]
    [InlineData("g2", "SNG0041")]
    [InlineData("g3", "SNG0042")]
    [InlineData("g4", "SNG0043")]
    public void Each_guideline_turns_off_alone(string key, string id)
    {
        string[] all = Run(V1(8)).Select(d => d.Id).ToArray();
        string[] rest = Run(V1(8) + $"guidelines: {{ {key}: false }}\n").Select(d => d.Id).ToArray();
        Assert.Equal(all.Where(x => x != id), rest);
        Assert.Empty(Run(V2 + "guidelines: { g1: false }\n"));
    }

    /// <summary>The compiler applies a project's severities (<c>.globalconfig</c>, <c>NoWarn</c>) to these as to any warning.</summary>
    [Fact]
    public void A_project_severity_of_none_suppresses_a_guideline()
    {
        var project = Compilation.GeneratedCodeCompiler.Create(System.Linq.Enumerable.Empty<SyntaxTree>());
        project = project.WithOptions(project.Options.WithSpecificDiagnosticOptions(
            new System.Collections.Generic.Dictionary<string, ReportDiagnostic> { ["SNG0041"] = ReportDiagnostic.Suppress }));
        var driver = GeneratorHarness.CreateDriver(new[] { new InMemoryAdditionalText(CanonicalSpecs.ProjectFolder + "net.model.yaml", V1(2)) });
        string[] ids = GeneratorHarness.Run(driver, project).Diagnostics.Select(d => d.Id).ToArray();
        Assert.Equal(new[] { "SNG0043" }, ids);
    }

    [Fact]
    public void A_bad_switch_is_a_located_spec_error()
    {
        Assert.Contains(Run(V2 + "guidelines: { g1: no }\n"), d => d.Id == "SNG0004" && d.Location.GetLineSpan().StartLinePosition.Line == 8);
        Assert.Contains(Run(V2 + "guidelines: { g5: false }\n"), d => d.Id == "SNG0002" && d.GetMessage().Contains("g1, g2, g3, g4", System.StringComparison.Ordinal));
    }
}
