using System.Linq;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Spec;

/// <summary>Assertions on parse results: which diagnostic, where (zero-based line and column, as Roslyn reports them).</summary>
internal static class SpecAssert
{
    public const string FilePath = "/project/Models/net.model.yaml";

    public static SpecParseResult Parse(string text) => SpecParser.Parse(FilePath, text);

    public static ModelSpec Valid(string text)
    {
        SpecParseResult result = Parse(text);
        Assert.True(result.Diagnostics.Count == 0, "Unexpected diagnostics: " + Format(result));
        Assert.NotNull(result.Spec);
        return result.Spec!;
    }

    /// <summary>Exactly one diagnostic, with this id, starting at this zero-based line and column.</summary>
    public static DiagnosticInfo Single(string text, string id, int line, int column)
    {
        SpecParseResult result = Parse(text);
        Assert.Null(result.Spec);
        Assert.True(result.Diagnostics.Count == 1, "Expected one diagnostic, got: " + Format(result));
        DiagnosticInfo diagnostic = result.Diagnostics[0];
        AssertAt(diagnostic, id, line, column);
        return diagnostic;
    }

    public static void AssertAt(DiagnosticInfo diagnostic, string id, int line, int column)
    {
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(FilePath, diagnostic.Location.FilePath);
        Assert.Equal((line, column), (diagnostic.Location.LineSpan.Start.Line, diagnostic.Location.LineSpan.Start.Character));
    }

    /// <summary>The rendered message, as the compiler would print it (the descriptor's format with the arguments).</summary>
    public static string Message(DiagnosticInfo diagnostic) => diagnostic.ToDiagnostic().GetMessage(System.Globalization.CultureInfo.InvariantCulture);

    public static string Format(SpecParseResult result) =>
        string.Join("; ", result.Diagnostics.Select(d =>
            $"{d.Id}@{d.Location.LineSpan.Start.Line}:{d.Location.LineSpan.Start.Character} {Message(d)}"));
}
