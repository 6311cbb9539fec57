using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ShuffleNetGen.Generator.Tests.Compilation;

namespace ShuffleNetGen.Generator.Tests.Pipeline;

/// <summary>
/// Runs <see cref="ModelGenerator"/> through Roslyn's own driver, as the compiler does: specs as AdditionalFiles,
/// <c>build_property.RootNamespace</c> from the options provider, incremental steps tracked.
/// </summary>
internal static class GeneratorHarness
{
    public const string DefaultRootNamespace = "MyApp";

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> specs, string? rootNamespace = DefaultRootNamespace) =>
        CSharpGeneratorDriver.Create(
            new[] { new ModelGenerator().AsSourceGenerator() },
            specs,
            GeneratedCodeCompiler.ParseOptions,
            GlobalOptionsProvider.ForRootNamespace(rootNamespace),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>One generator pass over <paramref name="compilation"/> (default: an empty project).</summary>
    public static GeneratorOutcome Run(GeneratorDriver driver, CSharpCompilation? compilation = null)
    {
        GeneratorDriver next = driver.RunGeneratorsAndUpdateCompilation(
            compilation ?? GeneratedCodeCompiler.Create(Enumerable.Empty<SyntaxTree>()),
            out Microsoft.CodeAnalysis.Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        return new GeneratorOutcome(next, next.GetRunResult().Results.Single(), output, diagnostics);
    }

    public static GeneratorOutcome Run(string? rootNamespace, params AdditionalText[] specs) => Run(CreateDriver(specs, rootNamespace));

    public static GeneratorOutcome Run(params AdditionalText[] specs) => Run(CreateDriver(specs));
}

/// <summary>The driver after a pass, what the generator produced, and the user's compilation with the generated trees added.</summary>
internal sealed record GeneratorOutcome(
    GeneratorDriver Driver, GeneratorRunResult Result, Microsoft.CodeAnalysis.Compilation Output, ImmutableArray<Diagnostic> Diagnostics)
{
    public IEnumerable<string> HintNames => Result.GeneratedSources.Select(s => s.HintName);

    public string Source(string hintName) => Result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
}
