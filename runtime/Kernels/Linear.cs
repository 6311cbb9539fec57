using System;
using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary><c>nn.Linear</c>: <c>y = W x + b</c> with <c>W</c> row-major <c>[out][in]</c> (the classifier).</summary>
public static class Linear
{
    /// <summary>Computes one output vector with the widest SIMD path this machine accelerates.</summary>
    /// <param name="input">At least <paramref name="inFeatures"/> floats.</param>
    /// <param name="inFeatures">Input features.</param>
    /// <param name="weights">Weights, <c>outFeatures * inFeatures</c> floats, row-major.</param>
    /// <param name="bias">Bias, <paramref name="outFeatures"/> floats, or empty for none (<c>bias=False</c>).</param>
    /// <param name="outFeatures">Output features.</param>
    /// <param name="output">At least <paramref name="outFeatures"/> floats.</param>
    /// <exception cref="ArgumentException">A size is not positive or a span has the wrong length.</exception>
    public static void Run(ReadOnlySpan<float> input, int inFeatures, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        int outFeatures, Span<float> output) =>
        Run(input, inFeatures, weights, bias, outFeatures, output, KernelDispatch.Widest);

    /// <summary>Computes with at most <paramref name="width"/>-bit vectors (tests pin each path this way).</summary>
    internal static unsafe void Run(ReadOnlySpan<float> input, int inFeatures, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        int outFeatures, Span<float> output, VectorWidth width)
    {
        KernelArguments.Positive(inFeatures, nameof(inFeatures));
        KernelArguments.Positive(outFeatures, nameof(outFeatures));
        KernelArguments.MinimumLength(input.Length, inFeatures, nameof(input));
        KernelArguments.ExactLength(weights.Length, (long)outFeatures * inFeatures, nameof(weights));
        if (!bias.IsEmpty)
        {
            KernelArguments.ExactLength(bias.Length, outFeatures, nameof(bias));
        }

        KernelArguments.MinimumLength(output.Length, outFeatures, nameof(output));
        VectorWidth path = KernelDispatch.Fit(width, inFeatures);
        if (path == VectorWidth.Scalar)
        {
            RunScalar(input, inFeatures, weights, bias, outFeatures, output);
            return;
        }

        fixed (float* x = input)
        fixed (float* w = weights)
        {
            for (int o = 0; o < outFeatures; o++)
            {
                float* row = w + ((nint)o * inFeatures);
                float dot = path switch
                {
                    VectorWidth.V512 => Reduction.Dot<Vector512<float>, Vector512Ops>(row, x, inFeatures),
                    VectorWidth.V256 => Reduction.Dot<Vector256<float>, Vector256Ops>(row, x, inFeatures),
                    _ => Reduction.Dot<Vector128<float>, Vector128Ops>(row, x, inFeatures),
                };
                output[o] = bias.IsEmpty ? dot : dot + bias[o];
            }
        }
    }

    /// <summary>The plain loop nest over validated arguments: the scalar path and the twin the SIMD paths are tested beside.</summary>
    internal static void RunScalar(ReadOnlySpan<float> input, int inFeatures, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        int outFeatures, Span<float> output)
    {
        for (int o = 0; o < outFeatures; o++)
        {
            float sum = bias.IsEmpty ? 0f : bias[o];
            for (int i = 0; i < inFeatures; i++)
            {
                sum += weights[(o * inFeatures) + i] * input[i];
            }

            output[o] = sum;
        }
    }
}
