using System;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>
/// Thrown for every problem with a weights file: unreadable, malformed, truncated, or not matching the model.
/// The message names the file, the tensor (when there is one) and what is wrong, e.g.
/// <c>weights.safetensors: tensor 'stage2.0.branch1.0.weight': expected shape [24, 1, 3, 3], found [24, 3, 3, 3]</c>.
/// </summary>
public sealed class WeightFileException : Exception
{
    /// <summary>Creates the exception; the message is built from the three parts.</summary>
    /// <param name="fileName">The file path or stream name the weights came from.</param>
    /// <param name="tensorKey">The tensor concerned, or <see langword="null"/> when the problem is with the file as a whole.</param>
    /// <param name="problem">What is wrong, in a phrase.</param>
    /// <param name="innerException">The I/O or parser error behind the problem, if any.</param>
    public WeightFileException(string fileName, string? tensorKey, string problem, Exception? innerException = null)
        : base(Compose(fileName, tensorKey, problem), innerException)
    {
        FileName = fileName;
        TensorKey = tensorKey;
        Problem = problem;
    }

    /// <summary>The file path or stream name the weights came from.</summary>
    public string FileName { get; }

    /// <summary>The tensor concerned, or <see langword="null"/> when the problem is with the file as a whole.</summary>
    public string? TensorKey { get; }

    /// <summary>What is wrong, without the file and tensor prefix.</summary>
    public string Problem { get; }

    private static string Compose(string fileName, string? tensorKey, string problem) =>
        tensorKey is null ? $"{fileName}: {problem}" : $"{fileName}: tensor '{tensorKey}': {problem}";
}
