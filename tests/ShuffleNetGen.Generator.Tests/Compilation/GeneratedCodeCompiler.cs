using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ShuffleNetGen.Generator.Tests.Compilation;

/// <summary>
/// Compiles generated code the strict way a user's project might: nullable on, every warning an error, and XML-doc
/// diagnostics on (as GenerateDocumentationFile does) so an undocumented public member (CS1591) fails too.
/// References: the platform (TRUSTED_PLATFORM_ASSEMBLIES) and ShuffleNetGen.Runtime.
/// </summary>
internal static class GeneratedCodeCompiler
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    public static readonly CSharpCompilationOptions Options = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        generalDiagnosticOption: ReportDiagnostic.Error);

    private static readonly Lazy<MetadataReference[]> LazyReferences = new(LoadReferences);

    public static IReadOnlyList<MetadataReference> References => LazyReferences.Value;

    /// <summary>An empty user project (plus any given trees) the generator runs on.</summary>
    public static CSharpCompilation Create(IEnumerable<SyntaxTree> trees) =>
        CSharpCompilation.Create("ShuffleNetGen.GeneratedModels", trees, References, Options);

    /// <summary>A compilation of emitted source texts, parsed with the doc-diagnosing options.</summary>
    public static CSharpCompilation FromSources(IEnumerable<string> sources) =>
        Create(sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, ParseOptions, path: $"Generated{i}.g.cs")));

    /// <summary>Every diagnostic at warning level or above (warnings are errors under <see cref="Options"/>).</summary>
    public static IReadOnlyList<Diagnostic> Problems(Microsoft.CodeAnalysis.Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError).ToList();

    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Take(20).Select(d => d.ToString()));

    /// <summary>Emits to memory and loads the assembly (in its own load context; the runtime resolves from the test's).</summary>
    public static Assembly EmitAndLoad(Microsoft.CodeAnalysis.Compilation compilation)
    {
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(image);
        if (!result.Success) throw new InvalidOperationException("Emit failed:" + Environment.NewLine + Describe(result.Diagnostics));
        return Assembly.Load(image.ToArray());
    }

    private static MetadataReference[] LoadReferences()
    {
        string platform = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")
            ?? throw new InvalidOperationException("TRUSTED_PLATFORM_ASSEMBLIES is not set.");
        // This repository's assemblies are left out of the platform list: the runtime is added once, explicitly, and the
        // generated code must not see the generator or the tests.
        IEnumerable<string> paths = platform.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !Path.GetFileName(p).StartsWith("ShuffleNetGen.", StringComparison.Ordinal))
            .Append(typeof(ShuffleNetGen.Runtime.ModelInfo).Assembly.Location);
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    }
}
