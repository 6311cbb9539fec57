using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Pipeline;

/// <summary>
/// Every SNG diagnostic as the compiler reports it: the driver runs the smallest spec that triggers it beside a valid spec,
/// and the diagnostic must carry its id, the spec's path and the zero-based line:column; the valid spec still generates.
/// (The parser-level tests in Spec/ check messages; these check what reaches the build.)
/// </summary>
public class DriverDiagnosticTests
{
    private const string BadPath = CanonicalSpecs.ProjectFolder + "bad.model.yaml";
    private const string CompanionPath = CanonicalSpecs.ProjectFolder + "companion.model.yaml";

    /// <summary>Lines (zero-based): 0 name, 1 family, 2 input, 3 classes, 4 stem, 5 stages, 6 stages[0], 7 head.</summary>
    private const string V2 = "name: Net\nfamily: shufflenet_v2\ninput: { channels: 3, height: 32, width: 32 }\nclasses: 10\n" +
                              "stem: { channels: 8 }\nstages:\n  - { repeats: 1, channels: 16 }\nhead: { channels: 32 }\n";

    /// <summary>Lines (zero-based): 0 name, 1 family, 2 input, 3 classes, 4 groups, 5 stem, 6 stages, 7 stages[0].</summary>
    private const string V1 = "name: Net\nfamily: shufflenet_v1\ninput: { channels: 3, height: 32, width: 32 }\nclasses: 10\n" +
                              "groups: 2\nstem: { channels: 24 }\nstages:\n  - { repeats: 2, channels: 48 }\n";

    private sealed record Case(string Spec, params (int Line, int Column)[] At);

    /// <summary>SNG0099 is left out: it reports an internal failure, which no spec may cause (the fuzz test holds that).</summary>
    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["SNG0001"] = new(V2.Replace("name: Net", "name: {Net"), (0, 6)),
        ["SNG0002"] = new(V2 + "colour: red\n", (8, 0)),
        ["SNG0003"] = new(V2.Replace("classes: 10\n", string.Empty), (0, 0)),
        ["SNG0004"] = new(V2.Replace("classes: 10", "classes: many"), (3, 9)),
        ["SNG0005"] = new(V2.Replace("classes: 10", "classes: 0"), (3, 9)),
        ["SNG0006"] = new(V2.Replace("name: Net", "name: class"), (0, 6)),
        ["SNG0007"] = new(V2.Replace("name: Net\n", "name: Net\nnamespace: My..App\n"), (1, 11)),
        ["SNG0009"] = new(V2.Replace("shufflenet_v2", "shufflenet_v3"), (1, 8)),
        ["SNG0010"] = new(V2.Replace("channels: 16", "channels: 17"), (6, 28)),
        // g = 2: a 36-channel stage has a bottleneck of 9, which 2 groups don't divide (its 12-channel branch would).
        ["SNG0011"] = new(V1.Replace("channels: 48", "channels: 36"), (7, 28)),
        // 26 channels: not a multiple of 4, so no whole bottleneck (26 / 4).
        ["SNG0012"] = new(V1.Replace("groups: 2", "groups: 1").Replace("channels: 48", "channels: 26"), (7, 28)),
        ["SNG0013"] = new(V2 + "classes: 20\n", (8, 0)),
        ["SNG0014"] = new(V2.Replace("name: Net", "name: " + new string('[', 70) + new string(']', 70)), (0, 6 + 63)),
        ["SNG0015"] = new(V2 + "groups: 3\n", (8, 8)),
        // 4096x4096 input: the stem's 24 x 2048 x 2048 output is over the 2^26-float tensor limit.
        ["SNG0016"] = new(V2.Replace("height: 32, width: 32", "height: 4096, width: 4096").Replace("stem: { channels: 8 }", "stem: { channels: 24 }"), (2, 7)),
        // A 1-channel input: images are preprocessed to 3 channels only.
        ["SNG0018"] = new(V2.Replace("channels: 3,", "channels: 1,") + "preprocess: { resize: 40 }\n", (8, 12)),
        ["SNG0019"] = new(V2 + "labels: imagenet1k\n", (8, 8)),
        ["SNG0020"] = new(V2 + "features: [stage2, stage9]\n", (8, 19)),
        ["SNG0050"] = new(MobileNetV3.Replace("k: 3", "k: 4"), (6, 9)),
        // 16x16: SqueezeNet 1.1's stem gives 7x7, its pool 3x3, the pools after the rows 1x1 and then nothing.
        ["SNG0055"] = new("name: Net\nfamily: squeezenet\ninput: { channels: 3, height: 16, width: 16 }\nclasses: 10\nstem: { channels: 16 }\n" +
                          "stem_kernel: 3\nstages:\n  - { s1x1: 4, e1x1: 8, e3x3: 8, pool: 1 }\n  - { s1x1: 4, e1x1: 8, e3x3: 8, pool: 1 }\n", (2, 7)),
    };

    public static TheoryData<string> Ids => new(Cases.Keys.OrderBy(k => k, System.StringComparer.Ordinal));

    /// <summary>Lines (zero-based): 0 name, 1 family, 2 input, 3 classes, 4 stem, 5 stages, 6 stages[0], 7 head.</summary>
    private const string MobileNetV2 = "name: Net\nfamily: mobilenet_v2\ninput: { channels: 3, height: 32, width: 32 }\nclasses: 10\n" +
                                       "stem: { channels: 32 }\nstages:\n  - { t: 6, c: 24, n: 2, s: 2 }\nhead: { channels: 1280 }\n";

    /// <summary>Lines (zero-based): 0 name, 1 family, 2 input, 3 classes, 4 stem, 5 stages, 6 stages[0], 7 head.</summary>
    private const string MobileNetV3 = "name: Net\nfamily: mobilenet_v3\ninput: { channels: 3, height: 32, width: 32 }\nclasses: 10\n" +
                                       "stem: { channels: 16 }\nstages:\n  - { k: 3, exp: 16, c: 16, se: 1, hs: 0, s: 2 }\nhead: { channels: 1024 }\n";

    /// <summary>Lines (zero-based): 0 name, 1 family, 2 input, 3 classes, 4 stem, 5 stages, 6 stages[0].</summary>
    private const string MobileNetV1 = "name: Net\nfamily: mobilenet_v1\ninput: { channels: 3, height: 32, width: 32 }\nclasses: 10\n" +
                                       "stem: { channels: 32 }\nstages:\n  - { channels: 64, repeats: 2, stride: 2 }\n";

    /// <summary>The MobileNet families' own rules, as the build reports them (their messages: Lowering/MobileNetDiagnosticsTests).</summary>
    private static readonly Dictionary<string, Case> MobileNetCases = new()
    {
        ["v2 stride 3"] = new(MobileNetV2.Replace("s: 2", "s: 3"), (6, 28)),
        ["v3 se 2"] = new(MobileNetV3.Replace("se: 1", "se: 2"), (6, 32)),
        ["v3 no head"] = new(MobileNetV3.Replace("head: { channels: 1024 }\n", string.Empty), (0, 0)),
        ["v2 no head"] = new(MobileNetV2.Replace("head: { channels: 1280 }\n", string.Empty), (0, 0)),
        ["v2 groups"] = new(MobileNetV2 + "groups: 1\n", (8, 8)),
        ["v1 head"] = new(MobileNetV1 + "head: { channels: 1024 }\n", (7, 6)),
        ["v1 width_scale to 0"] = new("width_scale: 0.01\n" + MobileNetV1, (0, 13)),
        // A 4096x4096 image: the stem's 32 x 2048 x 2048 output is over the 2^26-float tensor limit.
        ["v1 too large"] = new(MobileNetV1.Replace("height: 32, width: 32", "height: 4096, width: 4096"), (2, 7)),
    };

    private static readonly Dictionary<string, string> MobileNetIds = new()
    {
        ["v2 stride 3"] = "SNG0005", ["v3 se 2"] = "SNG0005", ["v3 no head"] = "SNG0003", ["v2 no head"] = "SNG0003", ["v2 groups"] = "SNG0015", ["v1 head"] = "SNG0015",
        ["v1 width_scale to 0"] = "SNG0012", ["v1 too large"] = "SNG0016",
    };

    public static TheoryData<string> MobileNetCaseNames => new(MobileNetCases.Keys.OrderBy(k => k, System.StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(MobileNetCaseNames))]
    public void MobileNetDiagnosticIsLocatedInItsSpecAndTheOtherSpecStillGenerates(string name)
    {
        Case c = MobileNetCases[name];
        GeneratorOutcome outcome = GeneratorHarness.Run(new InMemoryAdditionalText(BadPath, c.Spec), Companion());

        Assert.All(outcome.Diagnostics, d => Assert.Equal(MobileNetIds[name], d.Id));
        Assert.Equal(c.At.OrderBy(p => p).ToArray(), outcome.Diagnostics.Select(d => At(d, BadPath)).OrderBy(p => p).ToArray());
        Assert.Equal(new[] { "Companion.g.cs" }, outcome.HintNames.Where(h => h != "Net.g.cs"));
    }

    /// <summary>The smallest MobileNet specs generate, so the cases above fail for their one reason.</summary>
    [Fact]
    public void TheMobileNetBaseSpecsGenerate()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(new InMemoryAdditionalText(BadPath, MobileNetV2),
            new InMemoryAdditionalText(CompanionPath, MobileNetV1.Replace("name: Net", "name: Companion")));

        // Only guideline warnings: V2's 6x expansion strains G1, and these small maps make activations a large share (G4).
        Assert.All(outcome.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity));
        Assert.Equal(new[] { "Companion.g.cs", "Net.g.cs" }, outcome.HintNames.OrderBy(h => h, System.StringComparer.Ordinal));
    }

    /// <summary>SNG0008 (two specs) and SNG0017 (a file that is not a spec) have their own tests below; SNG0030 (no spec of any family reaches it: every stage
    /// row the schemas admit has a kernel) its planner tests in Planning/.</summary>
    [Fact]
    public void EveryDescriptorButTheInternalErrorHasADriverCase()
    {
        // The guideline warnings (SNG0040–SNG0043) have theirs in Guidelines/.
        string[] expected = DiagnosticDescriptors.All.Where(d => string.CompareOrdinal(d.Id, "SNG0040") < 0 || string.CompareOrdinal(d.Id, "SNG0043") > 0).Select(d => d.Id)
            .Except(new[] { DiagnosticDescriptors.InternalError.Id, DiagnosticDescriptors.DuplicateName.Id, DiagnosticDescriptors.WrongSpecExtension.Id, DiagnosticDescriptors.NoKernel.Id })
            .OrderBy(id => id, System.StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, Cases.Keys.OrderBy(id => id, System.StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void DiagnosticIsLocatedInItsSpecAndTheOtherSpecStillGenerates(string id)
    {
        Case c = Cases[id];
        GeneratorOutcome outcome = GeneratorHarness.Run(new InMemoryAdditionalText(BadPath, c.Spec), Companion());

        Assert.All(outcome.Diagnostics, d => Assert.Equal(id, d.Id));
        Assert.Equal(c.At.Length, outcome.Diagnostics.Length);
        Assert.All(outcome.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.Equal(c.At.OrderBy(p => p).ToArray(), outcome.Diagnostics.Select(d => At(d, BadPath)).OrderBy(p => p).ToArray());
        // The bad spec's class is only its public shell, when its name could be read.
        Assert.Equal(new[] { "Companion.g.cs" }, outcome.HintNames.Where(h => h != "Net.g.cs"));
    }

    /// <summary>A failed spec's class keeps its public members, so code using it adds no CS0103 to the SNG errors.</summary>
    [Fact]
    public void CodeUsingTheClassOfAFailedSpecReportsOnlyTheSpecsErrors()
    {
        const string UserCode = """
            namespace MyApp;
            internal static class Program
            {
                public static float First(string path)
                {
                    Net net = Net.Load(path);
                    using var stream = System.IO.File.OpenRead(path);
                    Net other = Net.Load(stream);
                    var input = new float[Net.InputChannels * Net.InputHeight * Net.InputWidth];
                    var output = new float[Net.Classes];
                    net.Predict(input, output);
                    other.Predict(input, output, 1);
                    return output[0] + Net.Info.MultiplyAdds + Net.InputLength;
                }
            }
            """;
        CSharpCompilation user = Compilation.GeneratedCodeCompiler.Create(new[] { CSharpSyntaxTree.ParseText(UserCode, Compilation.GeneratedCodeCompiler.ParseOptions) });
        GeneratorOutcome outcome = GeneratorHarness.Run(GeneratorHarness.CreateDriver(new[] { new InMemoryAdditionalText(BadPath, Cases["SNG0010"].Spec) }), user);

        Assert.Equal("SNG0010", Assert.Single(outcome.Diagnostics).Id);
        Assert.Empty(outcome.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Contains("public const int Classes = 10;", outcome.Source("Net.g.cs"));
    }

    /// <summary>SNG0017: a '.model.yml' file is not read, and the build says so (a warning: the project may mean it).</summary>
    [Fact]
    public void ModelYmlFileWarnsThatItIsNotRead()
    {
        const string YmlPath = CanonicalSpecs.ProjectFolder + "net.model.yml";
        GeneratorOutcome outcome = GeneratorHarness.Run(new InMemoryAdditionalText(YmlPath, V2), Companion());

        Diagnostic d = Assert.Single(outcome.Diagnostics);
        Assert.Equal(("SNG0017", DiagnosticSeverity.Warning), (d.Id, d.Descriptor.DefaultSeverity));
        Assert.Equal((0, 0), At(d, YmlPath));
        Assert.Equal("'net.model.yml' is not read: ShuffleNetGen reads only '*.model.yaml' files; rename it to 'net.model.yaml'",
            d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new[] { "Companion.g.cs" }, outcome.HintNames);
    }

    /// <summary>SNG0008 needs two specs: each is told about the other, neither generates, a third spec still does.</summary>
    [Fact]
    public void DuplicateClassNameIsReportedInBothSpecs()
    {
        const string OtherPath = CanonicalSpecs.ProjectFolder + "other.model.yaml";
        GeneratorOutcome outcome = GeneratorHarness.Run(
            new InMemoryAdditionalText(BadPath, V2), new InMemoryAdditionalText(OtherPath, "# the same class again\n" + V2), Companion());

        Assert.All(outcome.Diagnostics, d => Assert.Equal("SNG0008", d.Id));
        Assert.Equal(2, outcome.Diagnostics.Length);
        Diagnostic inBad = outcome.Diagnostics.Single(d => d.Location.GetLineSpan().Path == BadPath);
        Diagnostic inOther = outcome.Diagnostics.Single(d => d.Location.GetLineSpan().Path == OtherPath);
        Assert.Equal((0, 6), At(inBad, BadPath));
        Assert.Equal((1, 6), At(inOther, OtherPath));
        Assert.Contains(OtherPath, inBad.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(BadPath, inOther.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new[] { "Companion.g.cs" }, outcome.HintNames);
    }

    private static InMemoryAdditionalText Companion() => new(CompanionPath, V2.Replace("name: Net", "name: Companion"));

    private static (int Line, int Column) At(Diagnostic diagnostic, string expectedPath)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        Assert.Equal(expectedPath, span.Path);
        return (span.StartLinePosition.Line, span.StartLinePosition.Character);
    }
}
