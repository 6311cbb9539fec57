using System;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>
/// Folds an eval-mode BatchNorm (torch.nn.BatchNorm2d: y = (x - running_mean) / sqrt(running_var + eps) * gamma + beta)
/// into the convolution before it, so inference runs one convolution with a bias instead of two passes.
/// </summary>
internal static class BatchNormFolding
{
    /// <summary>PyTorch's BatchNorm2d default <c>eps</c>.</summary>
    public const double DefaultEpsilon = 1e-5;

    /// <summary>
    /// scale = gamma / sqrt(running_var + eps); W'[o, …] = W[o, …] · scale[o]; b'[o] = (b[o] − mean[o]) · scale[o] + beta[o].
    /// Computed in double and rounded once to float. NaN or infinite statistics propagate, as they would in PyTorch.
    /// </summary>
    /// <param name="weights">Convolution weights laid out <c>[outChannels][perOut]</c> (PyTorch's out-channel-major order); folded in place.</param>
    /// <param name="outChannels">The convolution's output channels, which are the BatchNorm's channels.</param>
    /// <param name="bias">In: the convolution's bias, or zeros when it has none. Out: the folded bias.</param>
    /// <param name="gamma">BatchNorm <c>weight</c>.</param>
    /// <param name="beta">BatchNorm <c>bias</c>.</param>
    /// <param name="runningMean">BatchNorm <c>running_mean</c>.</param>
    /// <param name="runningVar">BatchNorm <c>running_var</c>.</param>
    /// <param name="epsilon">BatchNorm <c>eps</c>.</param>
    /// <exception cref="ArgumentException">A length does not match <paramref name="outChannels"/>.</exception>
    public static void Fold(Span<float> weights, int outChannels, Span<float> bias,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar,
        double epsilon = DefaultEpsilon)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outChannels);
        if (!double.IsFinite(epsilon) || epsilon < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "BatchNorm eps must be finite and non-negative.");
        }

        if (weights.Length % outChannels != 0)
        {
            throw new ArgumentException($"Weights hold {weights.Length} floats, not a multiple of {outChannels} output channels.", nameof(weights));
        }

        CheckLength(bias.Length, outChannels, nameof(bias));
        CheckLength(gamma.Length, outChannels, nameof(gamma));
        CheckLength(beta.Length, outChannels, nameof(beta));
        CheckLength(runningMean.Length, outChannels, nameof(runningMean));
        CheckLength(runningVar.Length, outChannels, nameof(runningVar));

        int perOut = weights.Length / outChannels;
        for (int o = 0; o < outChannels; o++)
        {
            double scale = gamma[o] / Math.Sqrt((double)runningVar[o] + epsilon);
            Span<float> filter = weights.Slice(o * perOut, perOut);
            for (int i = 0; i < filter.Length; i++)
            {
                filter[i] = (float)(filter[i] * scale);
            }

            bias[o] = (float)(((double)bias[o] - runningMean[o]) * scale + beta[o]);
        }
    }

    private static void CheckLength(int actual, int outChannels, string name)
    {
        if (actual != outChannels)
        {
            throw new ArgumentException($"{name} holds {actual} floats; the convolution has {outChannels} output channels.", name);
        }
    }
}
