using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// Typed reads of scalar values under YAML 1.2's core schema: numbers, booleans and null are plain (unquoted) scalars only.
/// Each read reports SNG0004 (wrong type), SNG0005 (out of range) or SNG0009 (not one of the choices) at the value and
/// returns null on failure. Numbers are parsed with the invariant culture, whatever culture the compiler runs under.
/// </summary>
internal static class ScalarReader
{
    private const int MaxQuotedChars = 40;

    private static readonly Regex FloatSyntax = new(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant);
    private static readonly Regex InfinityOrNaN = new(@"^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant);

    public static int? ReadInt(SpecReadContext context, SpecNode node, string path, IntRange range)
    {
        if (!IsPlainInteger(node))
        {
            context.Report(DiagnosticDescriptors.WrongType, context.Locate(node), Quote(path), "a whole number", Describe(node));
            return null;
        }
        // Digits beyond long's range fail TryParse; they are out of range all the same.
        if (!long.TryParse(node.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) || !range.Contains(value))
        {
            context.Report(DiagnosticDescriptors.OutOfRange, context.Locate(node), path, Shorten(node.Value), range.Describe());
            return null;
        }
        return (int)value;
    }

    /// <summary>A number in (0, max]: plain YAML float or integer syntax; .inf and .nan are numbers but out of range.</summary>
    public static double? ReadPositiveScale(SpecReadContext context, SpecNode node, string path, double max)
    {
        string text = node.Value;
        bool isNumber = node.Kind == SpecNodeKind.Scalar && node.IsPlain && (FloatSyntax.IsMatch(text) || InfinityOrNaN.IsMatch(text));
        if (!isNumber)
        {
            context.Report(DiagnosticDescriptors.WrongType, context.Locate(node), Quote(path), "a number such as 1.0 or 0.5", Describe(node));
            return null;
        }
        // .NET Framework hosts return false on overflow (1e999) where .NET Core returns infinity; both are out of range.
        bool parsed = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value);
        if (!parsed || double.IsNaN(value) || double.IsInfinity(value) || value <= 0 || value > max)
        {
            context.Report(DiagnosticDescriptors.OutOfRange, context.Locate(node), path, Shorten(text),
                "greater than 0 and at most " + max.ToString("R", CultureInfo.InvariantCulture));
            return null;
        }
        return value;
    }

    /// <summary>A finite number (plain YAML float or integer syntax) of magnitude at most 1e6; with <paramref name="positive"/>, greater than 0.</summary>
    public static double? ReadNumber(SpecReadContext context, SpecNode node, string path, bool positive)
    {
        string text = node.Value;
        if (node.Kind != SpecNodeKind.Scalar || !node.IsPlain || !FloatSyntax.IsMatch(text))
        {
            context.Report(DiagnosticDescriptors.WrongType, context.Locate(node), Quote(path), "a number such as 0.5", Describe(node));
            return null;
        }
        bool parsed = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value);
        if (!parsed || double.IsInfinity(value) || Math.Abs(value) > MaxNumber || (positive && value <= 0))
        {
            context.Report(DiagnosticDescriptors.OutOfRange, context.Locate(node), path, Shorten(text),
                positive ? "greater than 0 and at most 1000000" : "from -1000000 to 1000000");
            return null;
        }
        return value;
    }

    private const double MaxNumber = 1e6;

    public static bool? ReadBool(SpecReadContext context, SpecNode node, string path)
    {
        if (node.Kind == SpecNodeKind.Scalar && node.IsPlain)
        {
            switch (node.Value)
            {
                case "true": case "True": case "TRUE": return true;
                case "false": case "False": case "FALSE": return false;
            }
        }
        context.Report(DiagnosticDescriptors.WrongType, context.Locate(node), Quote(path), "true or false", Describe(node));
        return null;
    }

    /// <summary>Any non-null scalar, quoted or not, as text.</summary>
    public static string? ReadText(SpecReadContext context, SpecNode node, string path)
    {
        if (node.Kind == SpecNodeKind.Scalar && !node.IsNull) return node.Value;
        context.Report(DiagnosticDescriptors.WrongType, context.Locate(node), Quote(path), "text", Describe(node));
        return null;
    }

    /// <summary>One of the spelled-out choices, matched exactly (choices are lowercase snake_case).</summary>
    public static Choice<T>? ReadChoice<T>(SpecReadContext context, SpecNode node, string path, Choice<T>[] choices, string note = "")
    {
        string? text = ReadText(context, node, path);
        if (text is null) return null;
        foreach (Choice<T> choice in choices)
        {
            if (choice.Text == text) return choice;
        }
        var names = new string[choices.Length];
        for (int i = 0; i < choices.Length; i++) names[i] = choices[i].Text;
        context.Report(DiagnosticDescriptors.UnknownValue, context.Locate(node), path, Shorten(text), string.Join(", ", names) + note);
        return null;
    }

    /// <summary>How a message shows a value the reader did not accept.</summary>
    public static string Describe(SpecNode node)
    {
        switch (node.Kind)
        {
            case SpecNodeKind.Mapping: return "a mapping";
            case SpecNodeKind.Sequence: return "a list";
        }
        if (node.IsNull) return "empty (null)";
        return node.IsPlain ? "'" + Shorten(node.Value) + "'" : "the quoted text '" + Shorten(node.Value) + "'";
    }

    private static bool IsPlainInteger(SpecNode node)
    {
        if (node.Kind != SpecNodeKind.Scalar || !node.IsPlain) return false;
        string text = node.Value;
        int i = text.Length > 0 && (text[0] == '-' || text[0] == '+') ? 1 : 0;
        if (i == text.Length) return false;
        for (; i < text.Length; i++)
        {
            if (text[i] < '0' || text[i] > '9') return false;
        }
        return true;
    }

    private static string Quote(string path) => "'" + path + "'";

    /// <summary>Keeps messages one line long when someone pastes a paragraph into a value.</summary>
    private static string Shorten(string value)
    {
        string oneLine = value.Replace("\r", "\\r").Replace("\n", "\\n");
        return oneLine.Length <= MaxQuotedChars ? oneLine : oneLine.Substring(0, MaxQuotedChars) + "…";
    }
}
