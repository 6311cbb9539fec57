using System.Collections.Generic;

namespace ShuffleNetGen.Generator.Spec;

internal enum SpecNodeKind
{
    Scalar,
    Sequence,
    Mapping,
}

/// <summary>One key and its value in a YAML mapping, in the order written.</summary>
internal sealed record SpecEntry(SpecNode Key, SpecNode Value);

/// <summary>
/// A YAML node as the spec reader needs it: kind, content and the character span it was written at.
/// Built from YamlDotNet's parser events rather than its representation model, which hashes mapping keys recursively
/// (slow on alias bombs) and throws at the first duplicate key.
/// </summary>
internal sealed class SpecNode
{
    private static readonly SpecNode[] NoItems = new SpecNode[0];
    private static readonly SpecEntry[] NoEntries = new SpecEntry[0];

    private SpecNode(SpecNodeKind kind, int start, int end, string value, bool isPlain,
        IReadOnlyList<SpecNode> items, IReadOnlyList<SpecEntry> entries)
    {
        Kind = kind;
        Start = start;
        End = end;
        Value = value;
        IsPlain = isPlain;
        Items = items;
        Entries = entries;
    }

    public SpecNodeKind Kind { get; }
    /// <summary>Character offset of the node's first character in the file.</summary>
    public int Start { get; }
    /// <summary>Character offset just past the node.</summary>
    public int End { get; }
    /// <summary>A scalar's text (after YAML unquoting); empty for collections.</summary>
    public string Value { get; }
    /// <summary>Whether a scalar was written unquoted: only plain scalars are numbers, booleans or null in YAML's core schema.</summary>
    public bool IsPlain { get; }
    public IReadOnlyList<SpecNode> Items { get; }
    public IReadOnlyList<SpecEntry> Entries { get; }

    /// <summary>A plain empty, <c>~</c> or <c>null</c> scalar (YAML core schema).</summary>
    public bool IsNull =>
        Kind == SpecNodeKind.Scalar && IsPlain &&
        (Value.Length == 0 || Value == "~" || Value == "null" || Value == "Null" || Value == "NULL");

    public static SpecNode Scalar(string value, bool isPlain, int start, int end) =>
        new(SpecNodeKind.Scalar, start, end, value, isPlain, NoItems, NoEntries);

    public static SpecNode Sequence(IReadOnlyList<SpecNode> items, int start, int end) =>
        new(SpecNodeKind.Sequence, start, end, string.Empty, false, items, NoEntries);

    public static SpecNode Mapping(IReadOnlyList<SpecEntry> entries, int start, int end) =>
        new(SpecNodeKind.Mapping, start, end, string.Empty, false, NoItems, entries);

    /// <summary>The same content located where an alias names it, sharing children so aliases never copy (alias bombs stay small).</summary>
    public SpecNode At(int start, int end) => new(Kind, start, end, Value, IsPlain, Items, Entries);
}
