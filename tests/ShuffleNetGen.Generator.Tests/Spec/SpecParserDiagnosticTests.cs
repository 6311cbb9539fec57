using System.Linq;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Spec;

/// <summary>Each diagnostic the parser raises, from the smallest spec that triggers it, located at zero-based line:column.</summary>
public class SpecParserDiagnosticTests
{
    /// <summary>A valid minimal V2 spec; tests replace one line of it. Line numbers (zero-based) are in the comments.</summary>
    private const string V2 = """
        name: Net
        family: shufflenet_v2
        input: { channels: 3, height: 224, width: 224 }
        classes: 1000
        stem: { channels: 24 }
        stages:
          - { repeats: 4, channels: 116 }
        head: { channels: 1024 }

        """;
    // 0 name, 1 family, 2 input, 3 classes, 4 stem, 5 stages, 6 stages[0], 7 head

    private const string V1 = """
        name: Net
        family: shufflenet_v1
        input: { channels: 3, height: 224, width: 224 }
        classes: 1000
        stem: { channels: 24 }
        stages:
          - { repeats: 4, channels: 240 }
        groups: 3

        """;

    private static string Replace(string spec, string line, string with)
    {
        Assert.Contains(line, spec);
        return spec.Replace(line, with);
    }

    [Fact]
    public void TheBaseSpecsAreValid()
    {
        SpecAssert.Valid(V2);
        SpecAssert.Valid(V1);
    }

    // SNG0001: not YAML.
    [Fact]
    public void UnclosedFlowMappingIsASyntaxError()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V2, "name: Net", "name: {Net"), "SNG0001", 0, 6);
        Assert.Contains("not valid YAML", SpecAssert.Message(d));
    }

    [Fact]
    public void YamlReaderFailureOtherThanASyntaxErrorIsStillASyntaxError()
    {
        // YamlDotNet 16.3 throws InvalidOperationException on an unclosed '[' followed by a line break.
        DiagnosticInfo d = SpecAssert.Single(Replace(V2, "name: Net", "name: [Net"), "SNG0001", 0, 6);
        Assert.Contains("cannot be read past this point", SpecAssert.Message(d));
    }

    [Fact]
    public void TabIndentationIsASyntaxError() =>
        SpecAssert.Single(Replace(V2, "classes: 1000", "classes: 1000\n\tcolour: red"), "SNG0001", 3, 9);

    /// <summary>YamlDotNet marks a tab indenting a block mapping at the file start; the error belongs at the tab (issue 12).</summary>
    [Theory]
    [InlineData("  - { repeats: 4, channels: 116 }", 6)]
    [InlineData("head: { channels: 1024 }", 7)]
    public void TabIndentingALaterLineIsLocatedAtTheTab(string line, int atLine)
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V2, line, "\t" + line.TrimStart()), "SNG0001", atLine, 0);
        Assert.Contains("Indent with spaces", SpecAssert.Message(d));
    }

    [Fact]
    public void MisindentedKeyHintsAtIndentation()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V2, "stem: { channels: 24 }", "stem:\n  channels: 24\n channels: 3"), "SNG0001", 6, 1);
        Assert.Contains("Check the indentation", SpecAssert.Message(d));
    }

    [Fact]
    public void AliasWithoutAnchorIsASyntaxError() =>
        SpecAssert.Single(Replace(V2, "classes: 1000", "classes: *count"), "SNG0001", 3, 9);

    [Fact]
    public void SecondDocumentIsAnError()
    {
        DiagnosticInfo d = SpecAssert.Single(V2 + "---\nname: Other\n", "SNG0001", 8, 0);
        Assert.Contains("one YAML document", SpecAssert.Message(d));
    }

    // SNG0002: unknown keys, at the key.
    [Fact]
    public void UnknownTopLevelKeyListsTheKeys()
    {
        DiagnosticInfo d = SpecAssert.Single(V2 + "colour: red\n", "SNG0002", 8, 0);
        Assert.Equal("Unknown key 'colour' in the spec; expected one of: name, namespace, family, input, classes, width_scale, stages, guidelines, " +
            "stem, head, groups, shuffle_order, weights, classifier_bias, preprocess, labels, features", SpecAssert.Message(d));
    }

    [Fact]
    public void UnknownNestedKeyIsLocatedAtTheKey()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V2, "width: 224 }", "width: 224, depth: 3 }"), "SNG0002", 2, 47);
        Assert.Contains("in 'input'", SpecAssert.Message(d));
    }

    [Fact]
    public void UnknownKeyDifferingInCaseOrSeparatorsSuggestsTheKey()
    {
        DiagnosticInfo d = SpecAssert.Single(V2 + "widthScale: 0.5\n", "SNG0002", 8, 0);
        Assert.Equal("Unknown key 'widthScale' in the spec; did you mean 'width_scale'?", SpecAssert.Message(d));
    }

    [Theory]
    [InlineData("classes: 1000", "clases: 1000", "clases", "classes")]
    [InlineData("stem: { channels: 24 }", "stem: { chanels: 24 }", "chanels", "channels")]
    public void TypoSuggestsTheNearestKey(string line, string typo, string key, string nearest)
    {
        DiagnosticInfo d = SpecAssert.Parse(Replace(V2, line, typo)).Diagnostics.Single(x => x.Id == "SNG0002");
        Assert.EndsWith($"'{key}' in {(key == "clases" ? "the spec" : "'stem'")}; did you mean '{nearest}'?", SpecAssert.Message(d));
    }

    [Fact]
    public void TruncatedKeySuggestsTheKey()
    {
        DiagnosticInfo d = SpecAssert.Single(V2 + "width_scal: 0.5\n", "SNG0002", 8, 0);
        Assert.Equal("Unknown key 'width_scal' in the spec; did you mean 'width_scale'?", SpecAssert.Message(d));
    }

    // SNG0003: missing keys, at the file start for top-level keys, at the enclosing mapping otherwise.
    [Fact]
    public void MissingTopLevelKeyIsAtTheFileStart()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V2, "classes: 1000\n", ""), "SNG0003", 0, 0);
        Assert.Equal("Missing required key 'classes' in the spec; e.g. classes: 1000", SpecAssert.Message(d));
    }

    [Fact]
    public void MissingNestedKeyIsAtItsMapping()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V2, "{ repeats: 4, channels: 116 }", "{ channels: 116 }"), "SNG0003", 6, 4);
        Assert.Equal("Missing required key 'repeats' in 'stages[0]'; e.g. repeats: 4", SpecAssert.Message(d));
    }

    [Fact]
    public void V2WithoutHeadIsMissingHead()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V2, "head: { channels: 1024 }\n", ""), "SNG0003", 0, 0);
        Assert.Contains("conv5", SpecAssert.Message(d));
    }

    [Fact]
    public void V1WithoutGroupsIsMissingGroups()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V1, "groups: 3\n", ""), "SNG0003", 0, 0);
        Assert.Contains("'groups'", SpecAssert.Message(d));
    }

    // SNG0004: wrong types, at the value.
    [Theory]
    [InlineData("3.5", "'3.5'")]
    [InlineData("\"1000\"", "the quoted text '1000'")]
    [InlineData("'1000'", "the quoted text '1000'")]
    [InlineData("abc", "'abc'")]
    [InlineData("true", "'true'")]
    [InlineData("~", "empty (null)")]
    [InlineData("", "empty (null)")]
    [InlineData("0x3E8", "'0x3E8'")]
    [InlineData("1_000", "'1_000'")]
    [InlineData("[1000]", "a list")]
    [InlineData("{ n: 1000 }", "a mapping")]
    public void NonIntegerClassesIsWrongType(string value, string described)
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V2, "classes: 1000", "classes: " + value), "SNG0004",
            value.Length == 0 ? 3 : 3, value.Length == 0 ? 8 : 9);
        Assert.Equal("'classes' must be a whole number, but is " + described, SpecAssert.Message(d));
    }

    [Theory]
    [InlineData("input: 3", 2, 7)]
    [InlineData("input: [3, 224, 224]", 2, 7)]
    public void InputThatIsNotAMappingIsWrongType(string line, int atLine, int atColumn) =>
        SpecAssert.Single(Replace(V2, "input: { channels: 3, height: 224, width: 224 }", line), "SNG0004", atLine, atColumn);

    [Fact]
    public void StagesThatIsNotAListIsWrongType() =>
        SpecAssert.Single(Replace(V2, "stages:\n  - { repeats: 4, channels: 116 }", "stages: { repeats: 4, channels: 116 }"), "SNG0004", 5, 8);

    [Fact]
    public void StageRowThatIsNotAMappingIsWrongType() =>
        SpecAssert.Single(Replace(V2, "{ repeats: 4, channels: 116 }", "[4, 116]"), "SNG0004", 6, 4);

    [Theory]
    [InlineData("width_scale: abc", "width_scale", 13)]
    [InlineData("classifier_bias: yes", "classifier_bias", 17)]
    [InlineData("classifier_bias: \"true\"", "classifier_bias", 17)]
    [InlineData("name: [Net]", "name", 6)]
    [InlineData("weights: ~", "weights", 9)]
    public void OptionalAndTextKeysOfTheWrongTypeAreWrongType(string line, string key, int column)
    {
        string spec = key == "name" ? Replace(V2, "name: Net", line) : V2 + line + "\n";
        int atLine = key == "name" ? 0 : 8;
        DiagnosticInfo d = SpecAssert.Single(spec, "SNG0004", atLine, column);
        Assert.StartsWith("'" + key + "' must be", SpecAssert.Message(d));
    }

    [Fact]
    public void ComplexKeyIsWrongType() =>
        SpecAssert.Single(V2 + "? [a, b]\n: 1\n", "SNG0004", 8, 2);

    [Theory]
    [InlineData("")]
    [InlineData("# just a comment\n")]
    [InlineData("---\n")]
    public void EmptySpecIsWrongTypeAtTheFileStart(string text)
    {
        DiagnosticInfo d = SpecAssert.Single(text, "SNG0004", 0, 0);
        Assert.StartsWith("The spec must be a mapping", SpecAssert.Message(d));
    }

    [Fact]
    public void SpecThatIsAListIsWrongType() =>
        SpecAssert.Single("- name: Net\n", "SNG0004", 0, 0);

    // SNG0005: out of range, at the value.
    [Theory]
    [InlineData("input: { channels: 0, height: 224, width: 224 }", 2, 19, "'input.channels' is 0; it must be from 1 to 64")]
    [InlineData("input: { channels: 3, height: 4097, width: 224 }", 2, 30, "'input.height' is 4097; it must be from 1 to 4096")]
    [InlineData("input: { channels: 3, height: 224, width: -224 }", 2, 42, "'input.width' is -224; it must be from 1 to 4096")]
    [InlineData("classes: 100001", 3, 9, "'classes' is 100001; it must be from 1 to 100000")]
    [InlineData("classes: 99999999999999999999999", 3, 9, "'classes' is 99999999999999999999999; it must be from 1 to 100000")]
    [InlineData("stem: { channels: 8193 }", 4, 18, "'stem.channels' is 8193; it must be from 1 to 8192")]
    [InlineData("  - { repeats: 65, channels: 116 }", 6, 15, "'stages[0].repeats' is 65; it must be from 1 to 64")]
    [InlineData("  - { repeats: 4, channels: 16385 }", 6, 28, "'stages[0].channels' is 16385; it must be from 1 to 16384")]
    [InlineData("head: { channels: 0 }", 7, 18, "'head.channels' is 0; it must be from 1 to 16384")]
    public void IntegerOutOfRange(string line, int atLine, int atColumn, string message)
    {
        string key = line.Substring(0, line.IndexOf(':') + 1);
        string original = V2.Split('\n').Single(l => l.StartsWith(key, System.StringComparison.Ordinal));
        DiagnosticInfo d = SpecAssert.Single(Replace(V2, original, line), "SNG0005", atLine, atColumn);
        Assert.Equal(message, SpecAssert.Message(d));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1.5")]
    [InlineData("8.000001")]
    [InlineData("1e999")]
    [InlineData(".inf")]
    [InlineData(".nan")]
    public void WidthScaleOutOfRange(string value)
    {
        DiagnosticInfo d = SpecAssert.Single(V2 + "width_scale: " + value + "\n", "SNG0005", 8, 13);
        Assert.Equal("'width_scale' is " + value + "; it must be greater than 0 and at most 8", SpecAssert.Message(d));
    }

    [Fact]
    public void GroupsOutOfRange() =>
        SpecAssert.Single(Replace(V1, "groups: 3", "groups: 65"), "SNG0005", 7, 8);

    [Fact]
    public void EmptyStageTableIsOutOfRange()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V2, "stages:\n  - { repeats: 4, channels: 116 }", "stages: []"), "SNG0005", 5, 8);
        Assert.Equal("'stages' is a list of 0 rows; it must be from 1 to 8 rows", SpecAssert.Message(d));
    }

    [Fact]
    public void NineStagesAreOutOfRange()
    {
        string rows = string.Concat(Enumerable.Repeat("  - { repeats: 1, channels: 8 }\n", 9));
        SpecAssert.Single(Replace(V2, "  - { repeats: 4, channels: 116 }\n", rows), "SNG0005", 6, 2);
    }

    // SNG0006: class names.
    [Theory]
    [InlineData("class", "it is a C# keyword")]
    [InlineData("record", "it is a contextual C# keyword; pick a name that is not one")]
    [InlineData("\"@Net\"", "verbatim '@' names are not allowed; pick a name that needs no escaping")]
    [InlineData("1Net", "an identifier starts with a letter or '_' and continues with letters, digits or '_'")]
    [InlineData("Net-2", "an identifier starts with a letter or '_' and continues with letters, digits or '_'")]
    [InlineData("\"\"", "an identifier starts with a letter or '_' and continues with letters, digits or '_'")]
    [InlineData("shufflenet", "type names of only lowercase ASCII letters are reserved for future C# keywords (CS8981); capitalise it")]
    public void InvalidClassName(string value, string reason)
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V2, "name: Net", "name: " + value), "SNG0006", 0, 6);
        Assert.EndsWith("is not a valid C# class name: " + reason, SpecAssert.Message(d));
    }

    [Theory]
    [InlineData("Net2")]
    [InlineData("_Net")]
    [InlineData("Réseau")]
    [InlineData("net_v2")]
    public void ValidClassNames(string name) =>
        Assert.Equal(name, SpecAssert.Valid(Replace(V2, "name: Net", "name: " + name)).Name);

    // SNG0007: namespaces.
    [Theory]
    [InlineData("My..App", "it has an empty part; write dotted identifiers such as MyApp.Models")]
    [InlineData("MyApp.", "it has an empty part; write dotted identifiers such as MyApp.Models")]
    [InlineData("MyApp.class", "'class': it is a C# keyword")]
    [InlineData("global.Models", "'global' cannot start a namespace (it names the global:: alias)")]
    [InlineData("My App", "'My App': an identifier starts with a letter or '_' and continues with letters, digits or '_'")]
    public void InvalidNamespace(string value, string reason)
    {
        DiagnosticInfo d = SpecAssert.Single(V2 + "namespace: " + value + "\n", "SNG0007", 8, 11);
        Assert.Equal("'" + value + "' is not a valid C# namespace: " + reason, SpecAssert.Message(d));
    }

    // SNG0009: enumerated values.
    [Theory]
    [InlineData("family: shufflenet_v3", 1, 8, "'family' is 'shufflenet_v3'; expected one of: shufflenet_v2, shufflenet_v1")]
    [InlineData("family: ShuffleNet_V2", 1, 8, "'family' is 'ShuffleNet_V2'; expected one of: shufflenet_v2, shufflenet_v1")]
    [InlineData("weights: onnx", 8, 9, "'weights' is 'onnx'; expected one of: torchvision (ShuffleNet V2 loads torchvision's")]
    [InlineData("shuffle_order: random", 8, 15, "'shuffle_order' is 'random'; expected one of: paper, megvii")]
    public void UnknownValue(string line, int atLine, int atColumn, string message)
    {
        string spec = line.StartsWith("family", System.StringComparison.Ordinal) ? Replace(V2, "family: shufflenet_v2", line) : V2 + line + "\n";
        DiagnosticInfo d = SpecAssert.Single(spec, "SNG0009", atLine, atColumn);
        Assert.StartsWith(message, SpecAssert.Message(d));
    }

    [Fact]
    public void V1WeightsAreMegviisOnly()
    {
        DiagnosticInfo d = SpecAssert.Single(V1 + "weights: torchvision\n", "SNG0009", 8, 9);
        Assert.Equal("'weights' is 'torchvision'; expected one of: megvii (torchvision has no ShuffleNet V1)", SpecAssert.Message(d));
    }

    // SNG0013: duplicate keys, at the second one.
    [Fact]
    public void DuplicateTopLevelKey()
    {
        DiagnosticInfo d = SpecAssert.Single(V2 + "classes: 10\n", "SNG0013", 8, 0);
        Assert.Equal("'classes' appears twice in the spec (first on line 4); keep one", SpecAssert.Message(d));
    }

    [Fact]
    public void DuplicateNestedKey() =>
        SpecAssert.Single(Replace(V2, "{ channels: 24 }", "{ channels: 24, channels: 24 }"), "SNG0013", 4, 22);

    // SNG0014: limits.
    [Fact]
    public void FileOverOneMegabyteIsRejectedBeforeParsing()
    {
        string text = V2 + "# " + new string('x', SpecSchema.MaxFileChars) + "\n";
        DiagnosticInfo d = SpecAssert.Single(text, "SNG0014", 0, 0);
        Assert.Contains("the limit is 1048576 (1 MB)", SpecAssert.Message(d));
    }

    [Fact]
    public void NestingDeeperThanTheLimitIsRejectedWhereItGoesTooDeep()
    {
        int depth = SpecSchema.MaxDepth + 1;
        SpecAssert.Single(new string('[', depth) + new string(']', depth), "SNG0014", 0, SpecSchema.MaxDepth);
    }

    [Fact]
    public void NestingAtTheLimitIsReadAndReportedAsAWrongType()
    {
        int depth = SpecSchema.MaxDepth;
        SpecAssert.Single(new string('[', depth) + new string(']', depth), "SNG0004", 0, 0);
    }

    // SNG0015: keys of the other family.
    [Fact]
    public void GroupsOtherThanOneDoNotApplyToV2()
    {
        DiagnosticInfo d = SpecAssert.Single(V2 + "groups: 3\n", "SNG0015", 8, 8);
        Assert.StartsWith("'groups' does not apply to shufflenet_v2:", SpecAssert.Message(d));
    }

    [Fact]
    public void MegviiShuffleOrderDoesNotApplyToV2() =>
        SpecAssert.Single(V2 + "shuffle_order: megvii\n", "SNG0015", 8, 15);

    [Fact]
    public void HeadDoesNotApplyToV1()
    {
        DiagnosticInfo d = SpecAssert.Single(V1 + "head: { channels: 1024 }\n", "SNG0015", 8, 6);
        Assert.StartsWith("'head' does not apply to shufflenet_v1:", SpecAssert.Message(d));
    }

    /// <summary>Issue 12: SNG0015 used to stop the parse before the stage table was checked.</summary>
    [Fact]
    public void V1HeadAndItsStageTableErrorsAreReportedTogether()
    {
        // 232 channels: a bottleneck of 58 and a branch of 232 − 24 = 208, neither divisible by 3 groups.
        SpecParseResult result = SpecAssert.Parse(Replace(V1, "channels: 240", "channels: 232") + "head: { channels: 1024 }\n");
        Assert.Equal(new[] { "SNG0011", "SNG0011", "SNG0015" }, result.Diagnostics.Select(d => d.Id).OrderBy(id => id).ToArray());
        Assert.Contains("such as 228 or 240", SpecAssert.Message(result.Diagnostics.First(d => d.Id == "SNG0011")));
    }

    // SNG0099: the parser never throws; a failure it did not foresee becomes a diagnostic.
    [Fact]
    public void UnexpectedFailureIsAnInternalErrorDiagnostic()
    {
        SpecParseResult result = SpecParser.Parse(SpecAssert.FilePath, null!);
        Assert.Null(result.Spec);
        SpecAssert.AssertAt(Assert.Single(result.Diagnostics), "SNG0099", 0, 0);
        Assert.Contains("ArgumentNullException", SpecAssert.Message(result.Diagnostics[0]));
    }

    [Fact]
    public void IndependentErrorsAreAllReportedInOnePass()
    {
        const string text = """
            name: class
            family: shufflenet_v2
            input: { channels: 0, height: 224, width: 224 }
            classes: many
            stem: { channels: 24, kernel: 3 }
            stages:
              - { repeats: 4, channels: 116 }
              - { repeats: 8 }
            weights: onnx
            colour: red
            """;
        SpecParseResult result = SpecAssert.Parse(text);
        Assert.Null(result.Spec);
        var found = result.Diagnostics
            .Select(d => (d.Id, d.Location.LineSpan.Start.Line, d.Location.LineSpan.Start.Character))
            .OrderBy(x => x.Line).ThenBy(x => x.Character).ToArray();
        Assert.Equal(new[]
        {
            ("SNG0003", 0, 0),   // head (V2)
            ("SNG0006", 0, 6),   // name: class
            ("SNG0005", 2, 19),  // input.channels: 0
            ("SNG0004", 3, 9),   // classes: many
            ("SNG0002", 4, 22),  // stem.kernel
            ("SNG0003", 7, 4),   // stages[1].channels
            ("SNG0009", 8, 9),   // weights: onnx
            ("SNG0002", 9, 0),   // colour
        }, found);
    }
}
