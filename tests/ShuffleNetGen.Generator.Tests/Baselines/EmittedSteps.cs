using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace ShuffleNetGen.Generator.Tests.Baselines;

/// <summary>
/// One statement of the generated <c>Run</c>: the step comment above it, the kernel class called, its arguments (without the
/// lane's <c>part:</c>), and whether every lane computes a part of it or lane 0 runs it whole.
/// </summary>
internal sealed record EmittedStep(string Comment, string Kernel, IReadOnlyList<string> Arguments, bool Split);

/// <summary>
/// Reads the straight-line <c>Run</c> body and the plane tables back out of emitted source, so tests can state facts about
/// the steps (which kernels run, which tables a store goes through) without pinning the whole text.
/// </summary>
internal static partial class EmittedSteps
{
    [GeneratedRegex(@"^\s*// (?<comment>.*)\n(?:\s*if \(features\.IsEmpty\)\n\s*\{\n)?\s*(?<whole>if \(lane\.Index == 0\) )?global::ShuffleNetGen\.Runtime\.Kernels\.(?<kernel>\w+)\.Run\((?<args>.*?)(?<part>, part: lane\.Part)?\);$", RegexOptions.Multiline)]
    private static partial Regex StepPattern();

    /// <summary>A table as a static span over constant data or as a static readonly array (the emitter has used both).</summary>
    [GeneratedRegex(@"private static (?:global::System\.ReadOnlySpan<int> (?<name>\w+) => \[(?<planes>[^\]]*)\]|readonly int\[\] (?<name>\w+) = \{(?<planes>[^}]*)\});")]
    private static partial Regex TablePattern();

    public static IReadOnlyList<EmittedStep> Read(string source) =>
        StepPattern().Matches(source.Replace("\r\n", "\n"))
            .Select(m => new EmittedStep(m.Groups["comment"].Value, m.Groups["kernel"].Value, SplitArguments(m.Groups["args"].Value),
                Split: m.Groups["part"].Success))
            .ToList();

    public static IReadOnlyDictionary<string, int[]> Tables(string source) =>
        TablePattern().Matches(source).ToDictionary(
            m => m.Groups["name"].Value,
            m => m.Groups["planes"].Value.Split(',').Select(p => int.Parse(p.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToArray());

    /// <summary>Top-level commas only: <c>arena.Slice(0, 8)</c> is one argument.</summary>
    private static List<string> SplitArguments(string text)
    {
        var arguments = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                arguments.Add(text[start..i].Trim());
                start = i + 1;
            }
        }
        arguments.Add(text[start..].Trim());
        return arguments;
    }
}
