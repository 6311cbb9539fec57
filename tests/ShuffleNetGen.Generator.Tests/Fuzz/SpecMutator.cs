using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace ShuffleNetGen.Generator.Tests.Fuzz;

/// <summary>
/// Seeded, structure-aware mutations of a spec's text: keys deleted, duplicated, renamed or given values of another
/// type; numbers set to edge values; random characters inserted; deep nesting; very long files; the family swapped.
/// Each case applies one to three of them and describes what it did. <see cref="MaxOut"/> is the one fixed mutation.
/// </summary>
internal sealed partial class SpecMutator
{
    private static readonly string[] Keys =
    {
        "name", "namespace", "family", "input", "classes", "width_scale", "stem", "stages", "head", "groups", "shuffle_order",
        "weights", "classifier_bias", "channels", "height", "width", "repeats", "stride", "t", "c", "n", "s", "k", "exp", "se", "hs", "Width-Scale", "chanels", "",
        "? x",
    };

    private static readonly string[] EdgeNumbers =
    {
        "0", "-1", "-2147483648", "2147483647", "2147483648", "99999999999999999999", "1e9", "3.5", "0.0001", "0x10", "0o17",
        ".inf", "-.inf", ".nan", "abc", "+7", "007", "1_000", "-0", "1.", "'12'", "\"12\"", "12 # c", "1,2", "\u221212",
        "\u0661\u0662", "\uFF11\uFF12",
    };

    private static readonly string[] OtherValues =
    {
        "[1, 2]", "{ a: 1 }", "{ channels: 8 }", "[]", "{}", "~", "null", "true", "''", "\"\"", "&a 3", "*a", "!!str 5",
        "|\n  block", ">-\n  folded", "- 1", "? k", "@reserved", "`tick", "%TAG", "\"unterminated", "[1, 2", "{ a: 1",
        "class", "My..App", "Ünïcödé", "x\ty",
    };

    private static readonly string[] InsertedText =
    {
        "\0", "\t", "\r", "\n", "\r\n", "\u2028", "\u2029", "\u0085", "\uFEFF", "\uD800", "\uDC00", "\u00A0", "\u200B", ":", "{", "}",
        "[", "]", ",", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", "#", "-", "?", "---", "...", "\\", "é", "\u4E2D", "\u0301",
    };

    private static readonly string[] WidthScales = { "0.1", "0.25", "0.5", "0.75", "1.5", "2.0", "8", "7.999", "1e-300", "8.0000001", "0", "-1" };

    private readonly Random _random;

    public SpecMutator(int seed) => _random = new Random(seed);

    /// <summary>One mutated case of <paramref name="spec"/> and a short account of the mutations applied.</summary>
    public (string Text, string Description) Mutate(string spec)
    {
        string text = spec;
        var applied = new List<string>();
        int count = 1 + _random.Next(3);
        for (int i = 0; i < count; i++)
        {
            (text, string what) = MutateOnce(text);
            applied.Add(what);
        }
        return (text, string.Join("; ", applied));
    }

    private (string, string) MutateOnce(string text)
    {
        switch (_random.Next(13))
        {
            case 0: return DeleteLine(text);
            case 1: return DuplicateLine(text);
            case 2: return RenameKey(text);
            case 3: case 4: return RetypeValue(text);
            case 5: case 6: return SetNumber(text, EdgeNumbers[_random.Next(EdgeNumbers.Length)]);
            case 7: return SetNumber(text, RandomPlausibleNumber());
            case 8: return InsertCharacters(text);
            case 9: return Nest(text);
            case 10: return Lengthen(text);
            case 11: return SwapFamily(text);
            default: return SetWidthScale(text);
        }
    }

    private (string, string) DeleteLine(string text)
    {
        List<string> lines = Lines(text);
        int i = _random.Next(lines.Count);
        lines.RemoveAt(i);
        return (Join(lines), $"delete line {i}");
    }

    private (string, string) DuplicateLine(string text)
    {
        List<string> lines = Lines(text);
        int i = _random.Next(lines.Count);
        lines.Insert(i, lines[i]);
        return (Join(lines), $"duplicate line {i}");
    }

    private (string, string) RenameKey(string text)
    {
        MatchCollection keys = KeyPattern().Matches(text);
        if (keys.Count == 0) return (text, "rename: no key");
        Match key = keys[_random.Next(keys.Count)];
        string to = Keys[_random.Next(Keys.Length)];
        return (Splice(text, key.Groups["key"], to), $"rename key '{key.Groups["key"].Value}' to '{to}'");
    }

    private (string, string) RetypeValue(string text)
    {
        MatchCollection values = ValuePattern().Matches(text);
        if (values.Count == 0) return (text, "retype: no value");
        Match value = values[_random.Next(values.Count)];
        string to = OtherValues[_random.Next(OtherValues.Length)];
        return (Splice(text, value.Groups["value"], to), $"retype '{Short(value.Groups["value"].Value)}' as '{Short(to)}'");
    }

    private (string, string) SetNumber(string text, string to)
    {
        MatchCollection numbers = NumberPattern().Matches(text);
        if (numbers.Count == 0) return (text, "number: none");
        Match number = numbers[_random.Next(numbers.Count)];
        return (Splice(text, number.Groups[0], to), $"number {number.Value} -> {to}");
    }

    /// <summary>In-range-looking sizes, so many cases get past the parser into lowering and planning.</summary>
    private string RandomPlausibleNumber() => _random.Next(4) switch
    {
        0 => (1 + _random.Next(8)).ToString(CultureInfo.InvariantCulture),
        1 => (2 * (1 + _random.Next(300))).ToString(CultureInfo.InvariantCulture),
        2 => (12 * (1 + _random.Next(200))).ToString(CultureInfo.InvariantCulture),
        _ => (1 + _random.Next(5000)).ToString(CultureInfo.InvariantCulture),
    };

    private (string, string) InsertCharacters(string text)
    {
        var sb = new StringBuilder(text);
        int at = _random.Next(text.Length + 1);
        int count = 1 + _random.Next(8);
        var inserted = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            inserted.Append(_random.Next(3) == 0 ? ((char)_random.Next(0x10000)).ToString() : InsertedText[_random.Next(InsertedText.Length)]);
        }
        sb.Insert(at, inserted.ToString());
        return (sb.ToString(), $"insert {count} characters at {at}");
    }

    private (string, string) Nest(string text)
    {
        MatchCollection values = ValuePattern().Matches(text);
        if (values.Count == 0) return (text, "nest: no value");
        Match value = values[_random.Next(values.Count)];
        int depth = 1 + _random.Next(300);
        string nested = _random.Next(2) == 0
            ? new string('[', depth) + value.Groups["value"].Value + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{ a: ", depth)) + value.Groups["value"].Value + new string('}', depth);
        return (Splice(text, value.Groups["value"], nested), $"nest a value {depth} deep");
    }

    private (string, string) Lengthen(string text)
    {
        switch (_random.Next(4))
        {
            case 0:
            {
                int length = _random.Next(2) == 0 ? 1 + _random.Next(100_000) : 1024 * 1024 + _random.Next(4096);
                return (text + "\n# " + new string('x', length) + "\n", $"append a {length}-character comment");
            }
            case 1:
            {
                // Copies of the spec's first stage row, so every family's rows stay in its own columns.
                int rows = 1 + _random.Next(12);
                Match first = StageRowPattern().Match(text);
                if (!first.Success) return (text, "rows: no stages");
                return (text.Insert(first.Index, string.Concat(Enumerable.Repeat(first.Value, rows))), $"insert {rows} stage rows");
            }
            case 2:
            {
                int length = 1 + _random.Next(20_000);
                return (NamePattern().Replace(text, "name: N" + new string('a', length), 1), $"{length + 1}-character name");
            }
            default:
            {
                int copies = 2 + _random.Next(500);
                return (string.Concat(Enumerable.Repeat(text + "\n", copies)), $"the spec {copies} times over");
            }
        }
    }

    private static readonly string[] Families = { "shufflenet_v2", "shufflenet_v1", "mobilenet_v2", "mobilenet_v1", "mobilenet_v3", "squeezenet" };

    /// <summary>Another family's name in place of this one's: its keys and stage columns no longer fit (SNG0002, SNG0003, SNG0015).</summary>
    private (string, string) SwapFamily(string text)
    {
        string? from = Families.FirstOrDefault(f => text.Contains("family: " + f, StringComparison.Ordinal));
        if (from is null) return (text, "family: none to swap");
        string to = Families.Where(f => f != from).ElementAt(_random.Next(Families.Length - 1));
        return (text.Replace("family: " + from, "family: " + to), $"family {from} -> {to}");
    }

    private (string, string) SetWidthScale(string text)
    {
        string scale = WidthScales[_random.Next(WidthScales.Length)];
        return ("width_scale: " + scale + "\n" + text, $"width_scale {scale}");
    }

    /// <summary>
    /// Input and stage sizes at the top of their schema ranges, one unit per stage (a planner's worth of work is the same
    /// per unit): the largest tensors a spec can ask for, where arena and weight sizes leave the int range.
    /// </summary>
    public static string MaxOut(string spec)
    {
        string maxed = Regex.Replace(spec, @"(?<key>height|width): *\d+", "${key}: 4096");
        maxed = Regex.Replace(maxed, @"repeats: *\d+", "repeats: 1");
        maxed = Regex.Replace(maxed, @"(?<=stages:(?:\n.*)*?)\bn: *\d+", "n: 1");
        return Regex.Replace(maxed, @"(?<=stages:(?:\n.*)*?)\b(?<key>channels|c): *\d+", "${key}: 16320");
    }

    private static List<string> Lines(string text) => text.Split('\n').ToList();

    private static string Join(List<string> lines) => string.Join("\n", lines);

    private static string Splice(string text, Group group, string with) =>
        text.Substring(0, group.Index) + with + text.Substring(group.Index + group.Length);

    private static string Short(string text) => text.Length <= 20 ? text : text.Substring(0, 20) + "…";

    [GeneratedRegex(@"(?<key>[A-Za-z_]+):")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"(?<=: )(?<value>[^\s,{}\[\]#][^,{}\[\]\n#]*?)(?=\s*[,}\]\n#]|$)")]
    private static partial Regex ValuePattern();

    [GeneratedRegex(@"(?<![\w.])\d+(\.\d+)?(?![\w.])")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^  - \{.*\}\n", RegexOptions.Multiline)]
    private static partial Regex StageRowPattern();

    [GeneratedRegex(@"^name: .*$", RegexOptions.Multiline)]
    private static partial Regex NamePattern();
}
