using System.CommandLine;
using System.IO;

namespace ShuffleNetGen.Cli.Commands;

/// <summary>The <c>SPEC</c> every command takes: an existing <c>*.model.yaml</c> file.</summary>
internal static class SpecArgument
{
    public static Argument<FileInfo> Create()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "A *.model.yaml spec file." };
        spec.AcceptExistingOnly();
        return spec;
    }
}
