using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ShuffleNetGen.Cli.Specs;

/// <summary>A spec file as the compiler hands it to the generator: an AdditionalFile.</summary>
internal sealed class SpecText : AdditionalText
{
    private readonly SourceText _text;

    public SpecText(string path)
    {
        Path = path;
        _text = SourceText.From(File.ReadAllText(path));
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
