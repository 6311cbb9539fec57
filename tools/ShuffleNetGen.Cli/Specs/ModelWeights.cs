using System;
using System.IO;
using ShuffleNetGen.Runtime;

namespace ShuffleNetGen.Cli.Specs;

/// <summary>
/// The weights a command runs on: the user's file (safetensors or .pth), or — when none is given — seeded random ones written
/// to a temporary safetensors file that <see cref="Dispose"/> deletes. Timings hold for either; logits of random ones mean nothing.
/// </summary>
internal sealed class ModelWeights : IDisposable
{
    private ModelWeights(string path, bool random)
    {
        Path = path;
        IsRandom = random;
    }

    /// <summary>The file to load.</summary>
    public string Path { get; }

    /// <summary>Whether these are the seeded stand-ins (no file was given).</summary>
    public bool IsRandom { get; }

    /// <summary>What a report calls them: the file's name, or "seeded random weights".</summary>
    public string Description => IsRandom ? "seeded random weights" : System.IO.Path.GetFileName(Path);

    /// <summary>The sentence a command prints when it ran on stand-ins.</summary>
    public const string RandomNote = "No --weights given: seeded random weights (the times hold; the logits mean nothing).";

    public static ModelWeights Of(string? path, ModelInfo info)
    {
        if (path is not null) return new ModelWeights(path, random: false);
        string temporary = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"shufflenetgen-{Guid.NewGuid():N}.safetensors");
        RandomWeights.Write(info, temporary);
        return new ModelWeights(temporary, random: true);
    }

    public void Dispose()
    {
        if (IsRandom) File.Delete(Path);
    }
}
