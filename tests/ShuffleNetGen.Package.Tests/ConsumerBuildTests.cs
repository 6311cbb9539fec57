using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace ShuffleNetGen.Package.Tests;

/// <summary>
/// A user's project with only a PackageReference and spec files in <c>Models/</c>: the buildTransitive props must add the
/// specs as AdditionalFiles, the generator must load with YamlDotNet beside it, and the generated class must compile with
/// warnings as errors in the project's RootNamespace, then run.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public sealed class ConsumerBuildTests(PackedPackageFixture package)
{
    private const string ValidSpec = "shufflenet_v2_x1_0.model.yaml";

    /// <summary>A second family in the same project: its class is generated beside the first and runs too.</summary>
    private const string MobileNetSpec = "mobilenet_v2.model.yaml";

    /// <summary>A canonical spec that trips guideline warnings (G2 and G4), as the V2 paper says ShuffleNet V1 does.</summary>
    private const string GroupedSpec = "shufflenet_v1_g3_x1_0.model.yaml";

    /// <summary>A third: MobileNet V3's kernels (5x5 depthwise, squeeze-and-excitation, the hidden linear layer) from the package.</summary>
    private const string MobileNetV3Spec = "mobilenet_v3_small.model.yaml";

    /// <summary>A fourth: SqueezeNet's bias-only convs, dense 3x3 kernel and ceil-mode pools, through the package.</summary>
    private const string SqueezeNetSpec = "squeezenet1_1.model.yaml";

    // A V2 spec with one unknown key, `kernel`, at line 5, column 23 (1-based, as MSBuild prints locations).
    private const string BrokenSpec = """
        name: BrokenNet
        family: shufflenet_v2
        input: { channels: 3, height: 224, width: 224 }
        classes: 1000
        stem: { channels: 24, kernel: 5 }
        stages:
          - { repeats: 4, channels: 116 }
          - { repeats: 8, channels: 232 }
          - { repeats: 4, channels: 464 }
        head: { channels: 1024 }
        weights: torchvision

        """;

    // More broken specs, one per stage of the pipeline that can reject a spec: YAML syntax, the V2 lowering, the V1 lowering,
    // the MobileNet V1 checks, the SqueezeNet lowering (an 8x8 input: the 7x7 stem leaves 1x1, its pool nothing).
    private static readonly (string File, string Id, string Text)[] MoreBrokenSpecs =
    {
        ("syntax.model.yaml", "SNG0001", "name: SyntaxNet\nfamily: [shufflenet_v2\n"),
        ("odd.model.yaml", "SNG0010", """
            name: OddNet
            family: shufflenet_v2
            input: { channels: 3, height: 64, width: 64 }
            classes: 10
            stem: { channels: 24 }
            stages:
              - { repeats: 2, channels: 117 }
            head: { channels: 256 }

            """),
        ("groups.model.yaml", "SNG0011", """
            name: GroupsNet
            family: shufflenet_v1
            input: { channels: 3, height: 64, width: 64 }
            classes: 10
            groups: 3
            stem: { channels: 24 }
            stages:
              - { repeats: 2, channels: 200 }

            """),
        ("tiny.model.yaml", "SNG0055", """
            name: TinyInputNet
            family: squeezenet
            input: { channels: 3, height: 8, width: 8 }
            classes: 10
            stem: { channels: 16 }
            stem_kernel: 7
            stages:
              - { s1x1: 4, e1x1: 8, e3x3: 8, pool: 1 }

            """),
        ("thin.model.yaml", "SNG0012", """
            name: ThinNet
            family: mobilenet_v1
            input: { channels: 3, height: 64, width: 64 }
            classes: 10
            width_scale: 0.01
            stem: { channels: 32 }
            stages:
              - { channels: 64, repeats: 1, stride: 1 }

            """),
    };

    [Fact]
    public void Package_consumer_builds_with_warnings_as_errors_loads_weights_and_predicts()
    {
        ConsumerProject project = ConsumerProject.Create(package, "RunModel", "RunModel.cs");
        project.AddFile(Path.Combine("Models", ValidSpec), File.ReadAllText(package.SpecPath(ValidSpec)));
        project.AddFile(Path.Combine("Models", MobileNetSpec), File.ReadAllText(package.SpecPath(MobileNetSpec)));
        project.AddFile(Path.Combine("Models", MobileNetV3Spec), File.ReadAllText(package.SpecPath(MobileNetV3Spec)));
        project.AddFile(Path.Combine("Models", SqueezeNetSpec), File.ReadAllText(package.SpecPath(SqueezeNetSpec)));

        CommandResult build = project.Build();
        Assert.True(build.ExitCode == 0, build.Describe());

        CommandResult run = project.Run();
        Assert.True(run.ExitCode == 0, run.Describe());
        string ns = Regex.Escape(ConsumerProject.RootNamespace);
        string summary = @$"^{ns}\.ShuffleNetV2X1_0: \d+ tensors, 1000 logits, checksum \S+\r?\n{ns}\.MobileNetV2: \d+ tensors, 1000 logits, checksum \S+\r?\n" +
            @$"{ns}\.MobileNetV3Small: \d+ tensors, 1000 logits, checksum \S+\r?\n" +
            @$"{ns}\.SqueezeNet1_1: \d+ tensors, 1000 logits, checksum \S+\r?\nOK\r?$";
        Assert.True(Regex.IsMatch(run.StandardOutput, summary, RegexOptions.Multiline), run.Describe());
    }

    /// <summary>
    /// The guideline warnings take a project's severities like any compiler warning: ShuffleNet V1 g3 trips G2 (SNG0041) and
    /// G4 (SNG0043), which <c>-warnaserror</c> would make errors; a <c>.globalconfig</c> beside the project turns them off and
    /// the build passes. (Diagnostics located in a spec, an additional file, take global options only: a <c>[*.yaml]</c>
    /// section of an <c>.editorconfig</c> is for source files.)
    /// </summary>
    [Fact]
    public void A_globalconfig_sets_the_severity_of_the_guideline_warnings()
    {
        ConsumerProject project = ConsumerProject.Create(package, "GuidelineSeverity", "UseValidModel.cs");
        project.AddFile(Path.Combine("Models", ValidSpec), File.ReadAllText(package.SpecPath(ValidSpec)));
        project.AddFile(Path.Combine("Models", GroupedSpec), File.ReadAllText(package.SpecPath(GroupedSpec)));
        project.AddFile(".globalconfig", "is_global = true\ndotnet_diagnostic.SNG0041.severity = none\ndotnet_diagnostic.SNG0043.severity = none\n");

        CommandResult build = project.Build();
        Assert.True(build.ExitCode == 0, build.Describe());
        Assert.DoesNotContain("SNG0041", build.Output);
        Assert.DoesNotContain("SNG0043", build.Output);
    }

    /// <summary>
    /// The package's runtime is net10.0 only: an older project must fail at restore with NuGet's own NU1202 naming net10.0,
    /// not restore and then bury the user in CS0400 errors from generated code that has no runtime to call.
    /// </summary>
    [Theory]
    [InlineData("net8.0")]
    [InlineData("net9.0")]
    public void An_older_framework_gets_NuGet_s_incompatibility_error_naming_net10_0(string targetFramework)
    {
        ConsumerProject project = ConsumerProject.Create(package, "Older-" + targetFramework, "UseValidModel.cs", targetFramework);
        project.AddFile(Path.Combine("Models", ValidSpec), File.ReadAllText(package.SpecPath(ValidSpec)));

        CommandResult build = project.Build();
        Assert.True(build.ExitCode != 0, "A " + targetFramework + " project should not build against the package. " + build.Describe());
        Assert.Matches($@"error NU1202: Package {PackedPackageFixture.PackageId} \S+ is not compatible with {Regex.Escape(targetFramework)}\b.*supports: net10\.0",
            build.Output);
        Assert.DoesNotContain(": error CS", build.Output);
    }

    [Fact]
    public void Broken_spec_fails_the_build_with_a_located_SNG_error_and_the_valid_spec_still_generates()
    {
        ConsumerProject project = ConsumerProject.Create(package, "BrokenSpec", "UseValidModel.cs");
        project.AddFile(Path.Combine("Models", ValidSpec), File.ReadAllText(package.SpecPath(ValidSpec)));
        string brokenPath = project.AddFile(Path.Combine("Models", "broken.model.yaml"), BrokenSpec);
        string[] morePaths = MoreBrokenSpecs.Select(b => project.AddFile(Path.Combine("Models", b.File), b.Text)).ToArray();

        CommandResult build = project.Build();
        Assert.True(build.ExitCode != 0, "The build should fail on the broken spec. " + build.Describe());
        Assert.True(Regex.IsMatch(build.Output, $@"{Regex.Escape(brokenPath)}\(5,23\): error SNG0002: "), build.Describe());
        for (int i = 0; i < morePaths.Length; i++)
        {
            Assert.True(Regex.IsMatch(build.Output, $@"{Regex.Escape(morePaths[i])}\(\d+,\d+\): error {MoreBrokenSpecs[i].Id}: "),
                $"expected {MoreBrokenSpecs[i].Id} in {MoreBrokenSpecs[i].File}. " + build.Describe());
        }

        // Every error is a broken spec's: the valid spec generated its class and the program using it compiled
        // (no CS0246 or any other CS error).
        string[] brokenFiles = morePaths.Append(brokenPath).ToArray();
        string[] errors = build.Output.Split('\n').Where(l => l.Contains(": error ")).ToArray();
        Assert.True(errors.All(l => brokenFiles.Any(f => l.StartsWith(f + "(")) && l.Contains(": error SNG")), build.Describe());
    }
}
