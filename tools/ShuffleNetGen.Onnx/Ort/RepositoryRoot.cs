using System;
using System.IO;

namespace ShuffleNetGen.Onnx.Ort;

/// <summary>Finds the checkout this code runs from: the nearest directory up from the binaries (or the working directory) with ShuffleNetGen.sln.</summary>
public static class RepositoryRoot
{
    public const string SolutionFile = "ShuffleNetGen.sln";

    public static string Find()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
            }
        }
        throw new InvalidOperationException(
            $"No {SolutionFile} found above '{AppContext.BaseDirectory}' or '{Environment.CurrentDirectory}': run from inside the ShuffleNetGen checkout.");
    }
}
