using System;
using System.Collections.Generic;
using System.Globalization;
using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// One YAML mapping of the spec checked against its allowed keys: unknown keys (SNG0002, with the nearest allowed key),
/// keys of another family (SNG0015) and repeated keys (SNG0013) are reported, every accepted key's value location is
/// recorded under its dotted path.
/// </summary>
internal sealed class MappingReader
{
    private readonly SpecReadContext _context;
    private readonly SpecNode _node;
    private readonly Dictionary<string, SpecNode> _values = new(StringComparer.Ordinal);

    private MappingReader(SpecReadContext context, SpecNode node, string path, string[] allowedKeys, ForeignKey? foreign)
    {
        _context = context;
        _node = node;
        Path = path;
        var firstKeys = new Dictionary<string, SpecNode>(StringComparer.Ordinal);
        foreach (SpecEntry entry in node.Entries)
        {
            if (entry.Key.Kind != SpecNodeKind.Scalar)
            {
                context.Report(DiagnosticDescriptors.WrongType, context.Locate(entry.Key),
                    "A key in " + Where, "a plain name", ScalarReader.Describe(entry.Key));
                continue;
            }
            string key = entry.Key.Value;
            if (Array.IndexOf(allowedKeys, key) < 0)
            {
                ForeignKeyReason? reason = foreign?.Invoke(key);
                if (reason is not null)
                {
                    context.Report(DiagnosticDescriptors.KeyNotForFamily, context.Locate(entry.Value), key, reason.Family, reason.Reason);
                }
                else
                {
                    context.Report(DiagnosticDescriptors.UnknownKey, context.Locate(entry.Key), key, Where, KeySuggestion.For(key, allowedKeys));
                }
                continue;
            }
            if (firstKeys.TryGetValue(key, out SpecNode? first))
            {
                int line = context.Locate(first).LineSpan.Start.Line + 1;
                context.Report(DiagnosticDescriptors.DuplicateKey, context.Locate(entry.Key),
                    key, Where, line.ToString(CultureInfo.InvariantCulture));
                continue;
            }
            firstKeys.Add(key, entry.Key);
            _values.Add(key, entry.Value);
            context.Record(Child(key), entry.Value);
        }
    }

    /// <summary>Why a key this mapping does not allow belongs to another family (SNG0015); null for a key no family has.</summary>
    public delegate ForeignKeyReason? ForeignKey(string key);

    /// <summary>The mapping's dotted path; empty for the spec's top level.</summary>
    public string Path { get; }

    /// <summary>How messages name this mapping.</summary>
    public string Where => Path.Length == 0 ? "the spec" : "'" + Path + "'";

    /// <summary>Reads <paramref name="node"/> as a mapping, or reports SNG0004 and returns null.</summary>
    public static MappingReader? Open(SpecReadContext context, SpecNode node, string path, string[] allowedKeys, ForeignKey? foreign = null)
    {
        if (node.Kind == SpecNodeKind.Mapping) return new MappingReader(context, node, path, allowedKeys, foreign);
        string subject = path.Length == 0 ? "The spec" : "'" + path + "'";
        context.Report(DiagnosticDescriptors.WrongType, path.Length == 0 && node.IsNull ? context.FileStart : context.Locate(node),
            subject, "a mapping of keys such as '" + allowedKeys[0] + ": …'", ScalarReader.Describe(node));
        return null;
    }

    public string Child(string key) => Path.Length == 0 ? key : Path + "." + key;

    public SpecNode? Optional(string key) => _values.TryGetValue(key, out SpecNode? value) ? value : null;

    /// <summary>The key's value, or null after reporting SNG0003 (with <paramref name="example"/>) at this mapping (at the file start for the top level).</summary>
    public SpecNode? Required(string key, string example)
    {
        SpecNode? value = Optional(key);
        if (value is null) ReportMissing(key, "; e.g. " + example);
        return value;
    }

    /// <summary>SNG0003 for <paramref name="key"/>; <paramref name="tail"/> ends the message (why, and an example).</summary>
    public void ReportMissing(string key, string tail) =>
        _context.Report(DiagnosticDescriptors.MissingKey, MissingLocation, key, Where, tail);

    private LocationInfo MissingLocation => Path.Length == 0 ? _context.FileStart : _context.Locate(_node);
}

/// <summary>The family a key belongs to does not include it, and why (SNG0015's message).</summary>
internal sealed record ForeignKeyReason(string Family, string Reason);
