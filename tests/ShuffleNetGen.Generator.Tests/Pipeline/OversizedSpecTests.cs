using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Pipeline;

/// <summary>
/// Every value below is inside its schema range (SpecSchema), but together they ask for activations and weights beyond
/// what an int offset (and a .NET array) can address: stage2's 1x1 conv alone writes 8160 x 1024 x 1024 floats. Such a
/// spec must be rejected with a located error, not emitted with overflowed (negative) arena and weight offsets.
/// </summary>
public class OversizedSpecTests
{
    private const string Path = CanonicalSpecs.ProjectFolder + "huge.model.yaml";

    private const string Huge = "name: Huge\nfamily: shufflenet_v2\ninput: { channels: 3, height: 4096, width: 4096 }\nclasses: 1000\n" +
                                "stem: { channels: 24 }\nstages:\n  - { repeats: 1, channels: 16320 }\nhead: { channels: 1024 }\n";

    [Fact]
    public void SpecWhoseBuffersExceedTheIntRangeIsRejectedWithALocatedError()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(new InMemoryAdditionalText(Path, Huge));

        // Only the class's public shell: no model code with overflowed offsets.
        Assert.Equal(new[] { "Huge.g.cs" }, outcome.HintNames);
        Assert.Contains("which has errors", outcome.Source("Huge.g.cs"));
        Diagnostic error = Assert.Single(outcome.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(1));
        Assert.NotEqual(DiagnosticDescriptors.InternalError.Id, error.Id);
        Assert.Equal(Path, error.Location.GetLineSpan().Path);
        Assert.InRange(error.Location.GetLineSpan().StartLinePosition.Line, 2, 6);
    }
}
