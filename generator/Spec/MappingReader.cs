using System;
using System.Collections.Generic;
using System.Globalization;
using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// One YAML mapping of the spec checked against its allowed keys: unknown keys (SNG0002) and repeated keys (SNG0013)
/// are reported at the key, every accepted key's value location is recorded under its dotted path.
/// </summary>
internal sealed class MappingReader
{
    private readonly SpecReadContext _context;
    private readonly SpecNode _node;
    private readonly Dictionary<string, SpecNode> _values = new(StringComparer.Ordinal);

    private MappingReader(SpecReadContext context, SpecNode node, string path, string[] allowedKeys)
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
                context.Report(DiagnosticDescriptors.UnknownKey, context.Locate(entry.Key), key, Where, Suggest(key, allowedKeys));
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

    /// <summary>The mapping's dotted path; empty for the spec's top level.</summary>
    public string Path { get; }

    /// <summary>How messages name this mapping.</summary>
    public string Where => Path.Length == 0 ? "the spec" : "'" + Path + "'";

    /// <summary>Reads <paramref name="node"/> as a mapping, or reports SNG0004 and returns null.</summary>
    public static MappingReader? Open(SpecReadContext context, SpecNode node, string path, string[] allowedKeys)
    {
        if (node.Kind == SpecNodeKind.Mapping) return new MappingReader(context, node, path, allowedKeys);
        string subject = path.Length == 0 ? "The spec" : "'" + path + "'";
        context.Report(DiagnosticDescriptors.WrongType, path.Length == 0 && node.IsNull ? context.FileStart : context.Locate(node),
            subject, "a mapping of keys such as '" + allowedKeys[0] + ": …'", ScalarReader.Describe(node));
        return null;
    }

    public string Child(string key) => Path.Length == 0 ? key : Path + "." + key;

    public SpecNode? Optional(string key) => _values.TryGetValue(key, out SpecNode? value) ? value : null;

    /// <summary>The key's value, or null after reporting SNG0003 at this mapping (at the file start for the top level).</summary>
    public SpecNode? Required(string key)
    {
        SpecNode? value = Optional(key);
        if (value is null) ReportMissing(key, string.Empty);
        return value;
    }

    public void ReportMissing(string key, string reason) =>
        _context.Report(DiagnosticDescriptors.MissingKey, MissingLocation, key, Where, reason);

    private LocationInfo MissingLocation => Path.Length == 0 ? _context.FileStart : _context.Locate(_node);

    /// <summary>Points at the intended key when only case, '-' or '_' differ (widthScale, Width-Scale); otherwise lists the keys.</summary>
    private static string Suggest(string key, string[] allowedKeys)
    {
        string folded = Fold(key);
        foreach (string allowed in allowedKeys)
        {
            if (Fold(allowed) == folded) return "did you mean '" + allowed + "'?";
        }
        return "expected one of: " + string.Join(", ", allowedKeys);
    }

    private static string Fold(string key) => key.Replace("_", string.Empty).Replace("-", string.Empty).ToUpperInvariant();
}
