namespace ShuffleNetGen.Bench.Kernels;

/// <summary>A benchmark parameter that knows the work one call does, for the GFLOP/s and share-of-peak columns.</summary>
public interface IFlopCounted
{
    /// <summary>Float operations per call: 2 per multiply-add, 1 per max for pooling.</summary>
    double Flops { get; }

    /// <summary>Whether the work is FMAs, so the FMA peak is the right yardstick (pooling is compares, bounded by memory).</summary>
    bool IsFmaWork { get; }
}
