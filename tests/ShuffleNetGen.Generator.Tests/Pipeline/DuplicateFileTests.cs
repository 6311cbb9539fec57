using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Pipeline;

/// <summary>
/// A user who lists a spec explicitly in AdditionalFiles as well gets it twice (the package's glob adds it too): that is one
/// spec, generated once, with no SNG0008 and no generator crash.
/// </summary>
public class DuplicateFileTests
{
    [Fact]
    public void TheSameSpecFileListedTwiceGeneratesItsClassOnce()
    {
        string path = CanonicalSpecs.ProjectFolder + "shufflenet_v2_x0_5.model.yaml";
        string text = CanonicalSpecs.Text("shufflenet_v2_x0_5.model.yaml");

        GeneratorOutcome outcome = GeneratorHarness.Run(new InMemoryAdditionalText(path, text), new InMemoryAdditionalText(path, text));

        Assert.Empty(outcome.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Equal(new[] { "ShuffleNetV2X0_5.g.cs" }, outcome.HintNames);
    }

    [Fact]
    public void ABrokenSpecListedTwiceReportsEachProblemOnce()
    {
        string path = CanonicalSpecs.ProjectFolder + "broken.model.yaml";
        string text = CanonicalSpecs.Text("shufflenet_v2_x0_5.model.yaml").Replace("stages:", "stagez:", System.StringComparison.Ordinal);

        GeneratorOutcome outcome = GeneratorHarness.Run(new InMemoryAdditionalText(path, text), new InMemoryAdditionalText(path, text));

        Diagnostic[] errors = outcome.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.NotEmpty(errors);
        Assert.Equal(errors.Length, errors.Select(d => (d.Id, d.Location.GetLineSpan().ToString(), d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))).Distinct().Count());
        // Only the class's public shell, once.
        Assert.Equal(new[] { "ShuffleNetV2X0_5.g.cs" }, outcome.HintNames);
        Assert.Contains("which has errors", outcome.Source("ShuffleNetV2X0_5.g.cs"));
    }
}
