using System;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Runtime.Execution;

/// <summary>What <see cref="BatchRunner"/> needs of a generated model.</summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public interface IImageModel
{
    /// <summary>The model instance's activation arenas.</summary>
    ArenaPool Arenas { get; }

    /// <summary>Most threads one <c>Predict</c> call may use, at least 1.</summary>
    int MaxThreads { get; }

    /// <summary>Whether one image is worth sharing out over a team of threads (the generator decides from the model's size).</summary>
    bool SharesImages { get; }

    /// <summary>The instance's record of how fast one image runs on the team and alone.</summary>
    LaneChoice LaneChoice { get; }

    /// <summary>
    /// Runs <paramref name="lane"/>'s share of one image: the spans have exactly the model's input, output and arena
    /// lengths, and every lane of a team gets the same ones.
    /// </summary>
    void RunLane(ReadOnlySpan<float> input, Span<float> output, Span<float> arena, Lane lane);

    /// <summary>
    /// Floats of the classifier's input per image (its in-features) when the model ends in a linear classifier that a
    /// batch runs once for all its images; 0 when it does not, and the three members below are not used.
    /// </summary>
    int HeadInputs { get; }

    /// <summary>Buffers of <see cref="BatchRunner.HeadChunk"/> × <see cref="HeadInputs"/> floats: one chunk's classifier inputs.</summary>
    ArenaPool HeadBuffers { get; }

    /// <summary>
    /// Runs <paramref name="lane"/>'s share of one image up to the classifier and copies the classifier's input
    /// (<see cref="HeadInputs"/> floats) to <paramref name="features"/>, as <see cref="RunLane"/> would have read it.
    /// </summary>
    void RunBody(ReadOnlySpan<float> input, Span<float> features, Span<float> arena, Lane lane);

    /// <summary>
    /// The classifier of <paramref name="batch"/> images from their <see cref="RunBody"/> features (contiguous), writing
    /// their logits (contiguous); <paramref name="part"/> is the share of the output rows, as for the kernels.
    /// </summary>
    void RunHead(ReadOnlySpan<float> features, Span<float> output, int batch, Part part);
}
