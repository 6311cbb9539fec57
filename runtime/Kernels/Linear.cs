using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary><c>nn.Linear</c>: <c>y = W x + b</c> with <c>W</c> row-major <c>[out][in]</c> (the classifier).</summary>
public static class Linear
{
    /// <summary>How far ahead of its loads the vector paths prefetch weights: 12 KB (measured best of 4-16 KB on Zen 5).</summary>
    internal const int PrefetchFloats = 3072;

    /// <summary>
    /// Output rows per chunk when a call is split into parts: 16 floats are one 64-byte line of output, so two parts never
    /// write the same cache line of a 64-byte aligned output. Each row's dot product is the same whichever part computes
    /// it, and a row starts where it would in the whole matrix, so the split changes neither values nor weight alignment.
    /// </summary>
    internal const int PartGranule = 16;

    /// <summary>Computes one output vector with the widest SIMD path this machine accelerates.</summary>
    /// <param name="input">At least <paramref name="inFeatures"/> floats.</param>
    /// <param name="inFeatures">Input features.</param>
    /// <param name="weights">Weights, <c>outFeatures * inFeatures</c> floats, row-major.</param>
    /// <param name="bias">Bias, <paramref name="outFeatures"/> floats, or empty for none (<c>bias=False</c>).</param>
    /// <param name="outFeatures">Output features.</param>
    /// <param name="output">At least <paramref name="outFeatures"/> floats.</param>
    /// <param name="part">
    /// The share of the output rows to compute (<see cref="Part.Range"/> over <paramref name="outFeatures"/> in chunks of
    /// <see cref="PartGranule"/>); the arguments are those of the whole call, which every part validates. <c>default</c> is the whole call.
    /// </param>
    /// <exception cref="ArgumentException">A size is not positive or a span has the wrong length.</exception>
    public static void Run(ReadOnlySpan<float> input, int inFeatures, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        int outFeatures, Span<float> output, Part part = default) =>
        Run(input, inFeatures, weights, bias, outFeatures, output, KernelDispatch.Widest, part);

    /// <summary>Computes with at most <paramref name="width"/>-bit vectors (tests pin each path this way).</summary>
    internal static unsafe void Run(ReadOnlySpan<float> input, int inFeatures, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        int outFeatures, Span<float> output, VectorWidth width, Part part = default)
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
        (int first, int end) = part.Range(outFeatures, PartGranule);
        if (first == end)
        {
            return;
        }

        outFeatures = end - first;
        weights = weights.Slice(first * inFeatures, outFeatures * inFeatures);
        if (!bias.IsEmpty)
        {
            bias = bias.Slice(first, outFeatures);
        }

        output = output.Slice(first, outFeatures);
        VectorWidth path = KernelDispatch.Fit(width, inFeatures);
        if (path == VectorWidth.Scalar)
        {
            RunScalar(input, inFeatures, weights, bias, outFeatures, output);
            return;
        }

        fixed (float* x = input)
        fixed (float* w = weights)
        fixed (float* b = bias)
        fixed (float* y = output)
        {
            float* biasOrNull = bias.IsEmpty ? null : b;
            switch (path)
            {
                case VectorWidth.V512:
                    Rows<Vector512<float>, Vector512Ops>(x, inFeatures, w, biasOrNull, outFeatures, y);
                    break;
                case VectorWidth.V256:
                    Rows<Vector256<float>, Vector256Ops>(x, inFeatures, w, biasOrNull, outFeatures, y);
                    break;
                default:
                    Rows<Vector128<float>, Vector128Ops>(x, inFeatures, w, biasOrNull, outFeatures, y);
                    break;
            }
        }
    }

    /// <summary>
    /// One row at a time over the weights as a single sequential stream, prefetching <see cref="PrefetchFloats"/> ahead.
    /// </summary>
    /// <remarks>
    /// Inside a whole model the 4 MB of weights come from L3 or memory, and the hardware prefetchers alone keep too few
    /// lines in flight when the loads are not 64-byte aligned (as the classifier's were before the weight buffer itself was
    /// aligned, see <c>Execution.Alignment</c>): measured on Zen 5, 1024→1000 with weights out of L2 took about 115 µs without the software
    /// prefetch and 55 µs with it, from memory about 175 µs and 125 µs, hot unchanged (64-byte aligned weights needed no help:
    /// about 60 µs either way). Several rows per pass (4 or 8 interleaved streams sharing each load of <c>x</c>, with or
    /// without prefetch) lost 10-40% hot and stayed well behind this cold, so it is not used.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Rows<TVec, TOps>(float* x, int inFeatures, float* w, float* bias, int outFeatures, float* y)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        for (int o = 0; o < outFeatures; o++)
        {
            float dot = Reduction.Dot<TVec, TOps>(w + ((nint)o * inFeatures), x, inFeatures, PrefetchFloats);
            y[o] = bias == null ? dot : dot + bias[o];
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
