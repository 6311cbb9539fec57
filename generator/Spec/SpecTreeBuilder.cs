using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// Reads YAML parser events into a <see cref="SpecNode"/> tree: exactly one document, nesting at most
/// <see cref="SpecSchema.MaxDepth"/> deep, aliases resolved by reference to an anchor defined before them.
/// Reports SNG0001 (syntax) or SNG0014 (limits) and returns null when no tree can be built.
/// </summary>
internal static class SpecTreeBuilder
{
    public static SpecNode? Build(string text, SpecReadContext context)
    {
        var reader = new EventReader(new Parser(new StringReader(text)), context);
        try
        {
            return reader.ReadStream();
        }
        catch (YamlException ex)
        {
            (long start, long end) = ErrorSpan(text, ex, reader.LastEnd);
            context.Report(DiagnosticDescriptors.YamlSyntax, context.Locate(start, end), ex.Message + Hint(ex.Message));
            return null;
        }
    }

    /// <summary>
    /// Where reading stopped. YamlDotNet locates most errors itself, but marks a tab used as indentation in a block mapping
    /// at the file start: that one is the first indenting tab after the last complete event.
    /// </summary>
    private static (long Start, long End) ErrorSpan(string text, YamlException ex, Mark lastEnd)
    {
        if (ex.Start.Index != 0 || ex.End.Index != 0) return (ex.Start.Index, ex.End.Index);
        int from = (int)Math.Min(lastEnd.Index, text.Length);
        bool atLineStart = from == 0;
        for (int i = from; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n' || c == '\r') atLineStart = true;
            else if (c == '\t' && atLineStart) return (i, i + 1);
            else if (c != ' ') atLineStart = false;
        }
        return (from, from);
    }

    /// <summary>What to check for the YAML reader's indentation errors, whose wording does not say.</summary>
    private static string Hint(string message)
    {
        if (message.IndexOf("tab", StringComparison.OrdinalIgnoreCase) >= 0) return " Indent with spaces: YAML forbids tabs there.";
        if (message.IndexOf("invalid mapping", StringComparison.Ordinal) >= 0 ||
            message.IndexOf("did not find expected key", StringComparison.Ordinal) >= 0 ||
            message.IndexOf("did not find expected '-' indicator", StringComparison.Ordinal) >= 0 ||
            message.IndexOf("Mapping values are not allowed", StringComparison.Ordinal) >= 0)
        {
            return " Check the indentation: the keys of one mapping start in the same column, a nested mapping or list is " +
                   "indented under its key, and a value with ': ' in it is quoted.";
        }
        return string.Empty;
    }

    private sealed class EventReader
    {
        private readonly IParser _parser;
        private readonly SpecReadContext _context;
        private readonly Dictionary<string, SpecNode> _anchors = new(StringComparer.Ordinal);
        private Mark _lastEnd = Mark.Empty;

        /// <summary>The end of the last event read: where reading stood when an error without a location was thrown.</summary>
        public Mark LastEnd => _lastEnd;

        public EventReader(IParser parser, SpecReadContext context)
        {
            _parser = parser;
            _context = context;
        }

        public SpecNode? ReadStream()
        {
            Next();
            ParsingEvent first = Next();
            if (first is StreamEnd)
            {
                // An empty or comments-only file: the spec reader reports it as an empty document, at the file start.
                return SpecNode.Scalar(string.Empty, isPlain: true, 0, 0);
            }
            SpecNode? root = ReadNode(Next(), depth: 1);
            if (root is null) return null;
            Next();
            ParsingEvent after = Next();
            if (after is DocumentStart)
            {
                _context.Report(DiagnosticDescriptors.YamlSyntax, _context.Locate(after.Start.Index, after.End.Index),
                    "a spec is one YAML document, but a second one starts here; remove the '---' and what follows or move it to its own file");
                return null;
            }
            return root;
        }

        private ParsingEvent Next()
        {
            bool moved;
            try
            {
                moved = _parser.MoveNext();
            }
            catch (Exception ex) when (ex is not YamlException)
            {
                // YamlDotNet's scanner throws plain exceptions on some malformed inputs (an unclosed '[' before a
                // line break throws InvalidOperationException): still a syntax error, located where reading stopped.
                throw new SyntaxErrorException(_lastEnd, _lastEnd, "the YAML cannot be read past this point (" + ex.GetType().Name +
                    "); check the brackets, quotes and indentation that follow");
            }
            if (!moved || _parser.Current is null)
            {
                throw new InvalidOperationException("The YAML event stream ended inside a document.");
            }
            _lastEnd = _parser.Current.End;
            return _parser.Current;
        }

        private SpecNode? ReadNode(ParsingEvent e, int depth)
        {
            switch (e)
            {
                case AnchorAlias alias:
                    if (_anchors.TryGetValue(alias.Value.Value, out SpecNode? target))
                    {
                        return target.At((int)alias.Start.Index, (int)alias.End.Index);
                    }
                    _context.Report(DiagnosticDescriptors.YamlSyntax, _context.Locate(alias.Start.Index, alias.End.Index),
                        "the alias '*" + alias.Value.Value + "' refers to no anchor '&" + alias.Value.Value + "' written before it");
                    return null;
                case Scalar scalar:
                    return Anchor(scalar, SpecNode.Scalar(scalar.Value, scalar.Style == ScalarStyle.Plain,
                        (int)scalar.Start.Index, (int)scalar.End.Index));
                case SequenceStart sequence:
                    return TooDeep(e, depth) ? null : ReadSequence(sequence, depth);
                case MappingStart mapping:
                    return TooDeep(e, depth) ? null : ReadMapping(mapping, depth);
                default:
                    throw new InvalidOperationException("Unexpected YAML event " + e.GetType().Name + ".");
            }
        }

        private bool TooDeep(ParsingEvent e, int depth)
        {
            if (depth <= SpecSchema.MaxDepth) return false;
            _context.Report(DiagnosticDescriptors.SpecTooLarge, _context.Locate(e.Start.Index, e.End.Index),
                "it nests lists and mappings more than " + SpecSchema.MaxDepth.ToString(CultureInfo.InvariantCulture) +
                " levels deep (a spec needs three)");
            return true;
        }

        private SpecNode? ReadSequence(SequenceStart start, int depth)
        {
            var items = new List<SpecNode>();
            while (true)
            {
                ParsingEvent e = Next();
                if (e is SequenceEnd end)
                {
                    int last = items.Count > 0 ? items[items.Count - 1].End : (int)start.End.Index;
                    return Anchor(start, SpecNode.Sequence(items, (int)start.Start.Index, CollectionEnd(start.Style == SequenceStyle.Flow, end, last)));
                }
                SpecNode? item = ReadNode(e, depth + 1);
                if (item is null) return null;
                items.Add(item);
            }
        }

        private SpecNode? ReadMapping(MappingStart start, int depth)
        {
            var entries = new List<SpecEntry>();
            while (true)
            {
                ParsingEvent e = Next();
                if (e is MappingEnd end)
                {
                    int last = entries.Count > 0 ? entries[entries.Count - 1].Value.End : (int)start.End.Index;
                    return Anchor(start, SpecNode.Mapping(entries, (int)start.Start.Index, CollectionEnd(start.Style == MappingStyle.Flow, end, last)));
                }
                SpecNode? key = ReadNode(e, depth + 1);
                if (key is null) return null;
                SpecNode? value = ReadNode(Next(), depth + 1);
                if (value is null) return null;
                entries.Add(new SpecEntry(key, value));
            }
        }

        /// <summary>A flow collection ends after its closing bracket (the end event marks the bracket itself); a block one after its last child.</summary>
        private static int CollectionEnd(bool isFlow, ParsingEvent end, int lastChildEnd) =>
            isFlow ? Math.Max(lastChildEnd, (int)end.Start.Index + 1) : lastChildEnd;

        /// <summary>Anchors are registered when their node is complete, so an alias can never form a cycle.</summary>
        private SpecNode Anchor(NodeEvent e, SpecNode node)
        {
            if (!e.Anchor.IsEmpty) _anchors[e.Anchor.Value] = node;
            return node;
        }
    }
}
