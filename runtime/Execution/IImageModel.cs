using System;

namespace ShuffleNetGen.Runtime.Execution;

/// <summary>What <see cref="BatchRunner"/> needs of a generated model: run one image.</summary>
public interface IImageModel
{
    /// <summary>Runs one image; the spans have exactly the model's input and output lengths.</summary>
    void RunImage(ReadOnlySpan<float> input, Span<float> output);
}
