using System;
using ShuffleNetGen.Runtime.Kernels;
using ShuffleNetGen.Runtime.Weights;

namespace ShuffleNetGen.Runtime.Execution;

/// <summary>
/// The generated <c>Load</c> makes one loader per file and calls it once per layer (once per group of a grouped 1x1 conv):
/// read the state_dict tensors, fold BatchNorm into the conv's weights and bias (eval-mode semantics), and pack them where
/// the generator put that layer's slice of the weight buffer.
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class WeightLoader
{
    private readonly WeightFile _file;

    // The last 1x1 conv read and folded: the groups of a grouped conv are packed one call each, from one read.
    private string? _foldedKey;
    private float[] _foldedWeights = [];
    private float[] _foldedBias = [];

    /// <summary>Checks the file against every tensor <paramref name="model"/> loads, so a wrong file fails once with all its problems.</summary>
    /// <exception cref="WeightFileException">Tensors are missing, unexpected, of another shape or not floating-point; all are listed.</exception>
    public WeightLoader(WeightFile file, ModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(model);
        ModelWeightCheck.ThrowIfMismatched(file, model);
        _file = file;
    }

    /// <summary>Dense 3x3 stem conv [out, in, 3, 3] (+ BN).</summary>
    public void StemConv3x3(string weightKey, string? biasKey, string? batchNorm, double epsilon,
        int outChannels, int inChannels, Span<float> packedWeights, Span<float> packedBias)
    {
        var weights = new float[outChannels * inChannels * 9];
        _file.ReadFloat32(weightKey, [outChannels, inChannels, 3, 3], weights);
        float[] bias = FoldedBias(weights, biasKey, batchNorm, epsilon, outChannels);
        Kernels.StemConv3x3.PackWeights(weights, bias, outChannels, inChannels, packedWeights, packedBias);
    }

    /// <summary>Group <paramref name="group"/> of a 1x1 conv [groups·out, in, 1, 1] (+ BN), packed for <see cref="Kernels.Conv1x1"/>.</summary>
    public void Conv1x1(string weightKey, string? biasKey, string? batchNorm, double epsilon,
        int outChannels, int inChannels, int groups, int group, Span<float> packedWeights, Span<float> packedBias)
    {
        if (_foldedKey != weightKey)
        {
            int totalOut = outChannels * groups;
            _foldedWeights = new float[totalOut * inChannels];
            _file.ReadFloat32(weightKey, [totalOut, inChannels, 1, 1], _foldedWeights);
            _foldedBias = FoldedBias(_foldedWeights, biasKey, batchNorm, epsilon, totalOut);
            _foldedKey = weightKey;
        }
        Kernels.Conv1x1.PackWeights(_foldedWeights.AsSpan(group * outChannels * inChannels, outChannels * inChannels),
            _foldedBias.AsSpan(group * outChannels, outChannels), outChannels, inChannels, packedWeights, packedBias);
    }

    /// <summary>Depthwise 3x3 conv [C, 1, 3, 3] (+ BN), stored as [C][9] and [C].</summary>
    public void Depthwise3x3(string weightKey, string? biasKey, string? batchNorm, double epsilon,
        int channels, Span<float> weights, Span<float> bias)
    {
        var raw = new float[channels * 9];
        _file.ReadFloat32(weightKey, [channels, 1, 3, 3], raw);
        float[] folded = FoldedBias(raw, biasKey, batchNorm, epsilon, channels);
        raw.CopyTo(weights);
        folded.CopyTo(bias);
    }

    /// <summary>Depthwise 5x5 conv [C, 1, 5, 5] (+ BN), stored as [C][25] and [C].</summary>
    public void Depthwise5x5(string weightKey, string? biasKey, string? batchNorm, double epsilon,
        int channels, Span<float> weights, Span<float> bias)
    {
        var raw = new float[channels * 25];
        _file.ReadFloat32(weightKey, [channels, 1, 5, 5], raw);
        FoldedBias(raw, biasKey, batchNorm, epsilon, channels).CopyTo(bias);
        raw.CopyTo(weights);
    }

    /// <summary>A 1x1 conv [out, in, 1, 1] (+ BN) over a 1x1 map, kept row-major [out][in] for <see cref="Kernels.SqueezeExciteFc"/>.</summary>
    public void PointwiseAsMatrix(string weightKey, string? biasKey, string? batchNorm, double epsilon,
        int outChannels, int inChannels, Span<float> weights, Span<float> bias)
    {
        var raw = new float[outChannels * inChannels];
        _file.ReadFloat32(weightKey, [outChannels, inChannels, 1, 1], raw);
        FoldedBias(raw, biasKey, batchNorm, epsilon, outChannels).CopyTo(bias);
        raw.CopyTo(weights);
    }

    /// <summary>Dense k x k conv [out, in, k, k] with its bias or a BatchNorm (or both), packed for <see cref="Kernels.ConvKxK"/>.</summary>
    public void ConvKxK(string weightKey, string? biasKey, string? batchNorm, double epsilon,
        int outChannels, int inChannels, int kernel, Span<float> packedWeights, Span<float> packedBias)
    {
        var weights = new float[outChannels * inChannels * kernel * kernel];
        _file.ReadFloat32(weightKey, [outChannels, inChannels, kernel, kernel], weights);
        float[] bias = FoldedBias(weights, biasKey, batchNorm, epsilon, outChannels);
        Kernels.ConvKxK.PackWeights(weights, bias, outChannels, inChannels, kernel, packedWeights, packedBias);
    }

    /// <summary>Dense 3x3 conv [out, in, 3, 3] with its bias or a BatchNorm (or both), Winograd-transformed and packed for <see cref="Kernels.WinogradConv3x3"/>.</summary>
    public void WinogradConv3x3(string weightKey, string? biasKey, string? batchNorm, double epsilon,
        int outChannels, int inChannels, Span<float> packedWeights, Span<float> packedBias)
    {
        var weights = new float[outChannels * inChannels * 9];
        _file.ReadFloat32(weightKey, [outChannels, inChannels, 3, 3], weights);
        float[] bias = FoldedBias(weights, biasKey, batchNorm, epsilon, outChannels);
        Kernels.WinogradConv3x3.PackWeights(weights, bias, outChannels, inChannels, packedWeights, packedBias);
    }

    /// <summary>Linear [out, in] and optional bias [out].</summary>
    public void Linear(string weightKey, string? biasKey, int outFeatures, int inFeatures,
        Span<float> weights, Span<float> bias)
    {
        _file.ReadFloat32(weightKey, [outFeatures, inFeatures], weights);
        if (biasKey is not null) _file.ReadFloat32(biasKey, [outFeatures], bias);
    }

    /// <summary>Reads the conv's own bias (or zeros) and folds the BatchNorm after it into weights and bias.</summary>
    private float[] FoldedBias(float[] weights, string? biasKey, string? batchNorm, double epsilon, int outChannels)
    {
        var bias = new float[outChannels];
        if (biasKey is not null) _file.ReadFloat32(biasKey, [outChannels], bias);
        if (batchNorm is null) return bias;
        var gamma = new float[outChannels];
        var beta = new float[outChannels];
        var mean = new float[outChannels];
        var variance = new float[outChannels];
        _file.ReadFloat32(batchNorm + ".weight", [outChannels], gamma);
        _file.ReadFloat32(batchNorm + ".bias", [outChannels], beta);
        _file.ReadFloat32(batchNorm + ".running_mean", [outChannels], mean);
        _file.ReadFloat32(batchNorm + ".running_var", [outChannels], variance);
        BatchNormFolding.Fold(weights, outChannels, bias, gamma, beta, mean, variance, epsilon);
        return bias;
    }
}
