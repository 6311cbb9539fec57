using System.IO;
using System.Linq;
using ShuffleNetGen.Cli.Specs;

namespace ShuffleNetGen.Cli.Commands;

/// <summary>A spec's errors, printed as the build prints them (<c>path(line,col): error SNG0003: …</c>); the exit code 1 that goes with them.</summary>
internal static class Diagnostics
{
    public const int Failed = 1;

    /// <summary>The spec run through the generator's stages, or null after its errors went to <paramref name="error"/>.</summary>
    public static SpecPipeline? Read(FileInfo spec, TextWriter error)
    {
        SpecPipeline result = SpecPipeline.Run(spec.FullName);
        if (!result.HasErrors) return result;
        foreach (var d in result.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)) error.WriteLine(d.ToString());
        return null;
    }
}
