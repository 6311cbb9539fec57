using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using ShuffleNetGen.Generator.Spec;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Spec;

/// <summary>
/// The parser runs inside the compiler on whatever a user saves: it must return, quickly, with diagnostics — never throw,
/// never hang, never blow the stack, and never blame itself (SNG0099) for a bad file.
/// </summary>
public class SpecParserRobustnessTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    private static SpecParseResult ParseGarbage(string text)
    {
        var clock = Stopwatch.StartNew();
        SpecParseResult result = SpecAssert.Parse(text);
        Assert.True(clock.Elapsed < Budget, $"Parsing took {clock.Elapsed}.");
        Assert.Null(result.Spec);
        Assert.NotEmpty(result.Diagnostics);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "SNG0099");
        return result;
    }

    [Fact]
    public void RandomCharactersGiveDiagnosticsNotExceptions()
    {
        var random = new Random(20240501);
        for (int i = 0; i < 300; i++)
        {
            var text = new StringBuilder();
            int length = random.Next(0, 400);
            for (int c = 0; c < length; c++) text.Append((char)random.Next(0, 0x3000));
            ParseGarbage(text.ToString());
        }
    }

    [Fact]
    public void RandomYamlPunctuationGivesDiagnosticsNotExceptions()
    {
        // Biased towards YAML's own syntax, where the scanner's corner cases live.
        const string alphabet = "[]{}:,-?&*!|>'\"#%@`\t \n\r\\~.0123456789ab_";
        var random = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            var text = new StringBuilder();
            int length = random.Next(1, 120);
            for (int c = 0; c < length; c++) text.Append(alphabet[random.Next(alphabet.Length)]);
            ParseGarbage(text.ToString());
        }
    }

    [Fact]
    public void RandomBytesDecodedAsTextGiveDiagnostics()
    {
        var random = new Random(12345);
        var bytes = new byte[4096];
        random.NextBytes(bytes);
        ParseGarbage(Encoding.UTF8.GetString(bytes));
        ParseGarbage(Encoding.Latin1.GetString(bytes));
    }

    [Fact]
    public void BillionLaughsAliasBombStaysSmall()
    {
        // Each level refers to the previous one ten times: 10^9 strings if aliases were copied.
        var text = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 9; level++)
        {
            string previous = "*l" + (level - 1);
            text.Append($"l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat(previous, 10))}]\n");
        }
        text.Append("name: *l9\nstages: *l9\n? *l9\n: *l9\n");
        SpecParseResult result = ParseGarbage(text.ToString());
        Assert.Contains(result.Diagnostics, d => d.Id == "SNG0002");
        Assert.Contains(result.Diagnostics, d => d.Id == "SNG0004");
    }

    [Fact]
    public void SelfReferringAnchorIsAnErrorNotACycle() =>
        SpecAssert.AssertAt(Assert.Single(ParseGarbage("a: &a [*a]\n").Diagnostics), "SNG0001", 0, 7);

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    [InlineData("- ", "")]
    public void TenThousandNestedCollectionsAreRejectedByDepth(string open, string close)
    {
        const int depth = 10_000;
        string text = string.Concat(Enumerable.Repeat(open, depth)) + "x" + string.Concat(Enumerable.Repeat(close, depth));
        SpecParseResult result = ParseGarbage(text);
        Assert.Equal("SNG0014", Assert.Single(result.Diagnostics).Id);
    }

    [Fact]
    public void DeeplyIndentedBlockMappingsAreRejectedByDepth()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 2000; i++) text.Append(' ', i).Append("k:\n");
        Assert.Equal("SNG0014", Assert.Single(ParseGarbage(text.ToString()).Diagnostics).Id);
    }

    [Theory]
    [InlineData("\t")]
    [InlineData("\tname: Net\n")]
    [InlineData("name:\tNet\n\tfamily: x")]
    [InlineData("\0\0\0")]
    [InlineData("\uFEFF")]
    [InlineData("%YAML 1.2\n%YAML 1.2\n---\n")]
    [InlineData("!!binary 3")]
    [InlineData("&a")]
    [InlineData("*a")]
    [InlineData("? ? ? ?")]
    [InlineData("'unterminated")]
    [InlineData("\"\\uD800\"")]
    [InlineData("name: Net\nname: Net\nname: Net\n")]
    [InlineData("...\n---\n...")]
    public void OddInputsGiveDiagnostics(string text) => ParseGarbage(text);

    [Fact]
    public void ManyErrorsAreAllReportedWithoutSlowingDown()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) text.Append("key").Append(i).Append(": ").Append(i).Append('\n');
        SpecParseResult result = ParseGarbage(text.ToString());
        Assert.Equal(20_000 + 5, result.Diagnostics.Count); // every unknown key, and the five common keys missing (no family, no family keys)
    }
}
