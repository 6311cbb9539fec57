using System;

namespace ShuffleNetGen.Runtime.Execution;

/// <summary>What <see cref="BatchRunner"/> needs of a generated model.</summary>
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
}
