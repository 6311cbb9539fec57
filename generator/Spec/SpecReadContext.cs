using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>The state of one parse: the file, the diagnostics found so far and the location of every key read.</summary>
internal sealed class SpecReadContext
{
    private readonly SourceText _text;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly List<KeyLocation> _locations = new();

    public SpecReadContext(string filePath, string text)
    {
        FilePath = filePath;
        _text = SourceText.From(text);
    }

    public string FilePath { get; }
    public bool HasErrors => _diagnostics.Count > 0;
    public ImmutableEquatableArray<DiagnosticInfo> Diagnostics => _diagnostics.ToImmutableEquatableArray();
    public ImmutableEquatableArray<KeyLocation> Locations => _locations.ToImmutableEquatableArray();

    /// <summary>
    /// A span of character offsets as Roslyn locates it. YamlDotNet's mark index counts UTF-16 characters like
    /// SourceText, so line and column come from Roslyn's own line table (same line-break rules as the compiler's).
    /// </summary>
    public LocationInfo Locate(long start, long end)
    {
        int length = _text.Length;
        int from = (int)Math.Max(0, Math.Min(start, length));
        int to = (int)Math.Max(from, Math.Min(end, length));
        var span = TextSpan.FromBounds(from, to);
        return new LocationInfo(FilePath, span, _text.Lines.GetLinePositionSpan(span));
    }

    public LocationInfo Locate(SpecNode node) => Locate(node.Start, node.End);

    public LocationInfo FileStart => LocationInfo.FileStart(FilePath);

    public void Report(DiagnosticDescriptor descriptor, LocationInfo location, params string[] messageArgs) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, messageArgs));

    public void Report(DiagnosticInfo diagnostic) => _diagnostics.Add(diagnostic);

    /// <summary>Where a key path read so far was written (or its nearest written parent), as <see cref="ModelSpec.Locate"/> finds it.</summary>
    public LocationInfo LocatePath(string path) => KeyLocation.Find(_locations, path, FilePath);

    /// <summary>Remembers where a key's value was written, for diagnostics raised after parsing (lowering).</summary>
    public void Record(string path, SpecNode value) => _locations.Add(new KeyLocation(path, Locate(value)));
}
