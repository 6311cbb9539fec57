using System.IO;

namespace ShuffleNetGen.Generator.Tests;

/// <summary>Finds files of this repository from the test's output folder (tests read the canonical specs and docs in place).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = global::ShuffleNetGen.Onnx.Ort.RepositoryRoot.Find();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);
}
