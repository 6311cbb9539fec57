using ShuffleNetGen.Generator.Tests.Pipeline;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Compilation;

/// <summary>DESIGN.md contract 1: the class goes in the spec's <c>namespace:</c>, else the project's RootNamespace, else the global namespace.</summary>
public class NamespaceTests
{
    private const string Spec = "name: Net\nfamily: shufflenet_v2\ninput: { channels: 3, height: 32, width: 32 }\nclasses: 10\n" +
                                "stem: { channels: 8 }\nstages:\n  - { repeats: 1, channels: 16 }\nhead: { channels: 32 }\n";

    [Theory]
    [InlineData("Contoso.Vision", null, "Contoso.Vision.Net")]
    [InlineData(null, null, "Net")]
    [InlineData("   ", null, "Net")]
    [InlineData("Contoso.Vision", "Models.Small", "Models.Small.Net")]
    [InlineData(null, "Models.Small", "Models.Small.Net")]
    public void ClassLandsInTheExpectedNamespaceAndCompiles(string? rootNamespace, string? specNamespace, string fullName)
    {
        string text = specNamespace is null ? Spec : Spec.Replace("name: Net\n", "name: Net\nnamespace: " + specNamespace + "\n");
        GeneratorOutcome outcome = GeneratorHarness.Run(rootNamespace, new InMemoryAdditionalText(CanonicalSpecs.ProjectFolder + "net.model.yaml", text));

        Assert.Empty(outcome.Diagnostics);
        Assert.NotNull(outcome.Output.GetTypeByMetadataName(fullName));
        var problems = GeneratedCodeCompiler.Problems(outcome.Output);
        Assert.True(problems.Count == 0, GeneratedCodeCompiler.Describe(problems));
        if (!fullName.Contains('.')) Assert.DoesNotContain("namespace ", outcome.Source("Net.g.cs"));
    }
}
