using System.Linq;
using ShuffleNetGen.Generator.Tests.Pipeline;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Compilation;

/// <summary>
/// Every canonical spec's class compiles in a strict user project: nullable on, warnings as errors, XML docs checked
/// (CS1591 on any undocumented public member). The generated code is the product; a warning in it is a bug.
/// </summary>
public class CanonicalSpecCompileTests
{
    public static TheoryData<string> SpecFiles => new(CanonicalSpecs.FileNames);

    [Fact]
    public void TheRepositoryHasTheThirtyThreeCanonicalSpecs() => Assert.Equal(33, CanonicalSpecs.FileNames.Length);

    [Theory]
    [MemberData(nameof(SpecFiles))]
    public void GeneratedClassCompilesWithoutWarnings(string specFile)
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(CanonicalSpecs.AdditionalText(specFile));

        Assert.Equal(Guidelines.CanonicalGuidelines.Expected(specFile), outcome.Diagnostics.Select(d => d.Id).OrderBy(id => id, System.StringComparer.Ordinal));
        Assert.Equal(new[] { CanonicalSpecs.ClassName(specFile) + ".g.cs" }, outcome.HintNames.ToArray());
        var problems = GeneratedCodeCompiler.Problems(outcome.Output);
        Assert.True(problems.Count == 0, GeneratedCodeCompiler.Describe(problems));
    }
}
