using System.IO;
using System.Linq;

namespace ShuffleNetGen.Generator.Tests.Pipeline;

/// <summary>The repository's canonical specs (<c>specs/*.model.yaml</c>), handed to the generator under a fixed project path.</summary>
internal static class CanonicalSpecs
{
    /// <summary>A machine-independent folder, so baselines and diagnostics don't depend on where the repository lives.</summary>
    public const string ProjectFolder = "/project/Models/";

    /// <summary>File names, ordinal order.</summary>
    public static string[] FileNames { get; } = Directory.GetFiles(RepositoryFiles.PathOf("specs"), "*" + ModelGenerator.SpecSuffix)
        .Select(Path.GetFileName).Select(n => n!).OrderBy(n => n, System.StringComparer.Ordinal).ToArray();

    public static string Text(string fileName) => File.ReadAllText(RepositoryFiles.PathOf(Path.Combine("specs", fileName)));

    public static InMemoryAdditionalText AdditionalText(string fileName) => new(ProjectFolder + fileName, Text(fileName));

    /// <summary>The class a canonical spec generates: its <c>name:</c>.</summary>
    public static string ClassName(string fileName) =>
        Generator.Spec.SpecParser.Parse(ProjectFolder + fileName, Text(fileName)).Spec!.Name;
}
