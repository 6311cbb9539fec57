using System.Collections.Generic;

namespace ShuffleNetGen.Runtime;

/// <summary>
/// Where one image's time goes, layer by layer: what a generated class's <c>Profile</c> measured on this machine. One image
/// on the calling thread; each layer's time is its median over the timed runs.
/// </summary>
public sealed class ModelProfile
{
    /// <summary>Made by <c>Profile</c>: for use by the code the ShuffleNetGen generator emits.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public ModelProfile(ModelInfo info, int iterations, double medianMilliseconds, IReadOnlyList<LayerTime> layers)
    {
        Info = info;
        Iterations = iterations;
        MedianMilliseconds = medianMilliseconds;
        Layers = layers;
    }

    /// <summary>The model profiled.</summary>
    public ModelInfo Info { get; }
    /// <summary>Timed runs (after one untimed warm-up run).</summary>
    public int Iterations { get; }
    /// <summary>Median of the whole runs' times, in milliseconds.</summary>
    public double MedianMilliseconds { get; }
    /// <summary>One per row of <see cref="ModelInfo.Layers"/>, in the same order.</summary>
    public IReadOnlyList<LayerTime> Layers { get; }
    /// <summary>The SIMD path the kernels took (<see cref="SimdPath.Name"/>).</summary>
    public string SimdPath => Runtime.SimdPath.Name;
}

/// <summary>One layer's median time over a profile's runs; 0 for split, concat and shuffle, which run no code.</summary>
public sealed record LayerTime(LayerInfo Layer, double MedianMilliseconds);
