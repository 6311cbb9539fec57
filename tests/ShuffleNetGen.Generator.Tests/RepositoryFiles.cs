using System;
using System.IO;

namespace ShuffleNetGen.Generator.Tests;

/// <summary>Finds files of this repository from the test's output folder (tests read the canonical specs and docs in place).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ShuffleNetGen.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("ShuffleNetGen.sln not found above " + AppContext.BaseDirectory);
    }
}
