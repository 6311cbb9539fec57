using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ShuffleNetGen.Generator.Spec;
using ShuffleNetGen.Generator.Tests.Compilation;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Pipeline;

/// <summary>
/// DESIGN.md: "editing a .cs file does not re-parse any spec, and editing one spec regenerates only its class". Checked on
/// the driver's tracked steps (the LoggerMessage / System.Text.Json generator-test habit).
/// </summary>
public class IncrementalCachingTests
{
    private const string SpecA = "shufflenet_v2_x0_5.model.yaml";
    private const string SpecB = "shufflenet_v1_g3_x1_0.model.yaml";

    private static readonly string[] PerSpecSteps =
    {
        ModelGenerator.StepNames.Parse, ModelGenerator.StepNames.Lower, ModelGenerator.StepNames.Plan, ModelGenerator.StepNames.Emit,
    };

    private static readonly string[] AllSteps = PerSpecSteps.Append(ModelGenerator.StepNames.Names).ToArray();

    private static readonly IncrementalStepRunReason[] Reused = { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged };

    [Fact]
    public void EditingACSharpFileReusesEveryStep()
    {
        CSharpCompilation project = GeneratedCodeCompiler.Create(new[] { Tree("namespace MyApp; internal static class Program { }") });
        GeneratorOutcome first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(new[] { Spec(SpecA), Spec(SpecB) }), project);

        CSharpCompilation edited = project
            .ReplaceSyntaxTree(project.SyntaxTrees[0], Tree("namespace MyApp; internal static class Program { private const int X = 1; }"))
            .AddSyntaxTrees(Tree("namespace MyApp; internal static class Added { }"));
        GeneratorOutcome second = GeneratorHarness.Run(first.Driver, edited);

        foreach (string step in AllSteps)
        {
            IReadOnlyList<IncrementalStepRunReason> reasons = OutputReasons(second, step);
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.Contains(r, Reused));
        }
        Assert.Equal(first.HintNames, second.HintNames);
    }

    [Fact]
    public void EditingOneSpecRegeneratesOnlyItsClass()
    {
        InMemoryAdditionalText a = Spec(SpecA);
        InMemoryAdditionalText b = Spec(SpecB);
        GeneratorOutcome first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(new[] { a, b }));

        string editedText = CanonicalSpecs.Text(SpecA).Replace("classes: 1000", "classes: 10");
        Assert.NotEqual(CanonicalSpecs.Text(SpecA), editedText);
        GeneratorOutcome second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(a, new InMemoryAdditionalText(a.Path, editedText)));

        // Select over AdditionalTexts keeps the files' order: index 0 is A, index 1 is B.
        Assert.Equal(a.Path, ParsedPath(second, 0));
        Assert.Equal(b.Path, ParsedPath(second, 1));
        foreach (string step in PerSpecSteps)
        {
            IncrementalGeneratorRunStep[] runs = Runs(second, step);
            Assert.Equal(2, runs.Length);
            Assert.All(runs[0].Outputs, o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
            Assert.All(runs[1].Outputs, o => Assert.Contains(o.Reason, Reused));
        }
        // The class names did not change, so the clash check's result is reused.
        Assert.All(OutputReasons(second, ModelGenerator.StepNames.Names), r => Assert.Contains(r, Reused));

        Assert.Equal(first.Source("ShuffleNetV1G3X1_0.g.cs"), second.Source("ShuffleNetV1G3X1_0.g.cs"));
        Assert.NotEqual(first.Source("ShuffleNetV2X0_5.g.cs"), second.Source("ShuffleNetV2X0_5.g.cs"));
        Assert.Contains("public const int Classes = 10;", second.Source("ShuffleNetV2X0_5.g.cs"));
    }

    /// <summary>A new AdditionalText with equal content re-runs Parse, whose value-equal result stops the pipeline there.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("\n# a trailing comment moves no key\n")]
    public void EqualModelsAreRecognisedAsUnchanged(string appended)
    {
        InMemoryAdditionalText a = Spec(SpecA);
        GeneratorOutcome first = GeneratorHarness.Run(GeneratorHarness.CreateDriver(new[] { a, Spec(SpecB) }));

        var again = new InMemoryAdditionalText(a.Path, CanonicalSpecs.Text(SpecA) + appended);
        GeneratorOutcome second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(a, again));

        IncrementalGeneratorRunStep parseA = Runs(second, ModelGenerator.StepNames.Parse)[0];
        Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(parseA.Outputs).Reason);
        foreach (string step in AllSteps.Skip(1))
        {
            Assert.All(OutputReasons(second, step), r => Assert.Contains(r, Reused));
        }
        Assert.Equal(first.Source("ShuffleNetV2X0_5.g.cs"), second.Source("ShuffleNetV2X0_5.g.cs"));
    }

    private static InMemoryAdditionalText Spec(string fileName) => CanonicalSpecs.AdditionalText(fileName);

    private static SyntaxTree Tree(string text) => CSharpSyntaxTree.ParseText(text, GeneratedCodeCompiler.ParseOptions);

    private static IncrementalGeneratorRunStep[] Runs(GeneratorOutcome outcome, string step)
    {
        Assert.True(outcome.Result.TrackedSteps.TryGetValue(step, out var runs), $"Step '{step}' was not tracked.");
        return runs.ToArray();
    }

    private static IReadOnlyList<IncrementalStepRunReason> OutputReasons(GeneratorOutcome outcome, string step) =>
        Runs(outcome, step).SelectMany(r => r.Outputs).Select(o => o.Reason).ToList();

    private static string? ParsedPath(GeneratorOutcome outcome, int index) =>
        ((SpecParseResult)Runs(outcome, ModelGenerator.StepNames.Parse)[index].Outputs[0].Value).Spec?.FilePath;
}
