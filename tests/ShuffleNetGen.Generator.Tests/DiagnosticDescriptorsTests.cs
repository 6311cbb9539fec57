using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ShuffleNetGen.Generator.Tests;

/// <summary>The catalogue: stable unique ids, each released (AnalyzerReleases) and documented (README section = help link).</summary>
public class DiagnosticDescriptorsTests
{
    [Fact]
    public void IdsAreUniqueAndNumbered()
    {
        string[] ids = DiagnosticDescriptors.All.Select(d => d.Id).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^SNG[0-9]{4}$", id));
    }

    [Fact]
    public void EveryDescriptorIsAnErrorButTheMisnamedFileAndGuidelineWarningsWithAHelpLinkToItsReadmeSection()
    {
        var warnings = new[]
        {
            DiagnosticDescriptors.WrongSpecExtension, DiagnosticDescriptors.UnequalChannelWidths, DiagnosticDescriptors.GroupedPointwiseConvs,
            DiagnosticDescriptors.FragmentedUnit, DiagnosticDescriptors.ElementwiseShare,
        };
        Assert.All(DiagnosticDescriptors.All, d =>
        {
            Assert.Equal(warnings.Contains(d) ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, d.DefaultSeverity);
            Assert.Contains("README.md#" + d.Id.ToLowerInvariant() + "-", d.HelpLinkUri);
            Assert.Same(d, DiagnosticDescriptors.ById(d.Id));
        });
    }

    [Fact]
    public void EveryDescriptorIsInTheUnshippedReleaseTable()
    {
        string[] lines = File.ReadAllLines(RepositoryFiles.PathOf("generator/AnalyzerReleases.Unshipped.md"));
        Assert.All(DiagnosticDescriptors.All, d =>
            Assert.Contains(lines, l => l.StartsWith(d.Id + " | ShuffleNetGen | " + d.DefaultSeverity + " | ", System.StringComparison.Ordinal)));
    }

    [Fact]
    public void EveryDescriptorHasAReadmeEntry()
    {
        string fragment = File.ReadAllText(RepositoryFiles.PathOf("README.md"));
        Assert.All(DiagnosticDescriptors.All, d =>
        {
            string heading = "### " + d.Id + " " + d.Title;
            Assert.Contains("\n" + heading + "\n", fragment.Replace("\r\n", "\n"));
            Assert.EndsWith("#" + DiagnosticDescriptors.ReadmeAnchor(d.Id + " " + d.Title), d.HelpLinkUri);
        });
    }
}
