using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ShuffleNetGen.Generator.Model;

/// <summary>
/// Where something is in a spec file, kept as plain values (never a Roslyn <see cref="Location"/>) so models stay equatable.
/// Lines and columns are zero-based, as Roslyn's <see cref="LinePosition"/>.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    /// <summary>The whole-file location, for errors that have no better place.</summary>
    public static LocationInfo FileStart(string filePath) =>
        new(filePath, new TextSpan(0, 0), new LinePositionSpan(new LinePosition(0, 0), new LinePosition(0, 0)));
}
