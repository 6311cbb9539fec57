using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary><c>nn.Linear</c>: <c>y = W x + b</c> with <c>W</c> row-major <c>[out][in]</c> (the classifier).</summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
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
                    Quarters<Vector256<float>, Vector256Ops>(x, inFeatures, w, biasOrNull, outFeatures, y);
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
    /// about 60 µs either way). Several adjacent rows per pass (4 or 8 interleaved streams sharing each load of <c>x</c>, with
    /// or without prefetch) lost 10-40% hot and stayed well behind this cold, so AVX-512 and Vector128 use this; AVX2 reads
    /// rows far apart instead (<see cref="Quarters"/>, measured on Zen 3).
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

    /// <summary>
    /// The AVX2 path: four rows a quarter of the matrix apart at a time, so the weights stream from memory as four
    /// sequential streams a megabyte apart instead of one.
    /// </summary>
    /// <remarks>
    /// Measured on Zen 3 (KVM, 1024→1000, interleaved in one process, medians of 80, load 16-28): weights from memory
    /// 477-647 µs as one prefetched stream, 309-428 µs as four (a plain read of the 4 MB as four streams: 277-361); with
    /// 12 MB written between calls, as in a model, 433-534 against 356-400; hot, 82-101 against 76-82. Four adjacent rows
    /// are one stream to the prefetchers and gained nothing, and
    /// software prefetch on top of the four streams lost. Each row is summed exactly as <see cref="Reduction.Dot"/> sums it
    /// (<see cref="Dot4"/>), so the logits equal those of the one-stream order and of the batched path bit for bit. AVX-512 keeps
    /// <see cref="Rows"/> (measured on Zen 5, not here).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Quarters<TVec, TOps>(float* x, int inFeatures, float* w, float* bias, int outFeatures, float* y)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int quarter = outFeatures / 4;
        nint stride = (nint)quarter * inFeatures;
        for (int o = 0; o < quarter; o++)
        {
            Dot4<TVec, TOps, FourRows>(w + ((nint)o * inFeatures), stride, x, 0, inFeatures, false, out float d0, out float d1, out float d2, out float d3);
            y[o] = bias == null ? d0 : d0 + bias[o];
            y[o + quarter] = bias == null ? d1 : d1 + bias[o + quarter];
            y[o + (2 * quarter)] = bias == null ? d2 : d2 + bias[o + (2 * quarter)];
            y[o + (3 * quarter)] = bias == null ? d3 : d3 + bias[o + (3 * quarter)];
        }

        int rest = 4 * quarter;
        Rows<TVec, TOps>(x, inFeatures, w + ((nint)rest * inFeatures), bias == null ? null : bias + rest, outFeatures - rest, y + rest);
    }

    /// <summary>
    /// Images per pass of <see cref="RunBatch(ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float}, Part)"/>:
    /// each weight vector loaded feeds this many images' dot products (16 accumulators with the 4 per dot).
    /// </summary>
    internal const int BatchGroup = 4;

    /// <summary>
    /// Output rows the batched path keeps in L2 while every group of images passes over them: 32 rows of 1024 floats are
    /// 128 KB, so the weights come from memory once per call, not once per image.
    /// </summary>
    internal const int BatchRowBlock = 32;

    /// <summary>
    /// The classifier of <paramref name="batch"/> images at once: <c>output[b] = W input[b] + bias</c>, each image's
    /// features and logits contiguous. Every logit equals, bit for bit, what <see cref="Run(ReadOnlySpan{float}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float}, Part)"/>
    /// gives for that image alone (the same accumulators in the same order); what changes is that the weights, 4 MB for
    /// the ImageNet heads, stream from memory once per call instead of once per image.
    /// </summary>
    /// <param name="input">At least <paramref name="batch"/> × <paramref name="inFeatures"/> floats.</param>
    /// <param name="batch">Images.</param>
    /// <param name="inFeatures">Input features per image.</param>
    /// <param name="weights">Weights, <c>outFeatures * inFeatures</c> floats, row-major.</param>
    /// <param name="bias">Bias, <paramref name="outFeatures"/> floats, or empty for none.</param>
    /// <param name="outFeatures">Output features per image.</param>
    /// <param name="output">At least <paramref name="batch"/> × <paramref name="outFeatures"/> floats.</param>
    /// <param name="part">The share of the output rows (of every image) to compute, as in <c>Run</c>; <c>default</c> is the whole call.</param>
    /// <exception cref="ArgumentException">A size is not positive or a span has the wrong length.</exception>
    public static void RunBatch(ReadOnlySpan<float> input, int batch, int inFeatures, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        int outFeatures, Span<float> output, Part part = default) =>
        RunBatch(input, batch, inFeatures, weights, bias, outFeatures, output, KernelDispatch.Widest, part);

    /// <summary>The batched classifier with at most <paramref name="width"/>-bit vectors (tests pin each path this way).</summary>
    internal static unsafe void RunBatch(ReadOnlySpan<float> input, int batch, int inFeatures, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        int outFeatures, Span<float> output, VectorWidth width, Part part = default)
    {
        KernelArguments.Positive(batch, nameof(batch));
        KernelArguments.Positive(inFeatures, nameof(inFeatures));
        KernelArguments.Positive(outFeatures, nameof(outFeatures));
        KernelArguments.MinimumLength(input.Length, (long)batch * inFeatures, nameof(input));
        KernelArguments.ExactLength(weights.Length, (long)outFeatures * inFeatures, nameof(weights));
        if (!bias.IsEmpty)
        {
            KernelArguments.ExactLength(bias.Length, outFeatures, nameof(bias));
        }

        KernelArguments.MinimumLength(output.Length, (long)batch * outFeatures, nameof(output));
        (int first, int end) = part.Range(outFeatures, PartGranule);
        if (first == end)
        {
            return;
        }

        VectorWidth path = KernelDispatch.Fit(width, inFeatures);
        if (path == VectorWidth.Scalar)
        {
            for (int b = 0; b < batch; b++)
            {
                RunScalar(input.Slice(b * inFeatures, inFeatures), inFeatures, weights.Slice(first * inFeatures, (end - first) * inFeatures),
                    bias.IsEmpty ? bias : bias.Slice(first, end - first), end - first, output.Slice((b * outFeatures) + first, end - first));
            }

            return;
        }

        fixed (float* x = input)
        fixed (float* w = weights)
        fixed (float* bi = bias)
        fixed (float* y = output)
        {
            var shape = new BatchShape(x, batch, inFeatures, w, bias.IsEmpty ? null : bi, outFeatures, y);
            switch (path)
            {
                case VectorWidth.V512:
                    BatchRows<Vector512<float>, Vector512Ops>(shape, first, end);
                    break;
                case VectorWidth.V256:
                    BatchRows<Vector256<float>, Vector256Ops>(shape, first, end);
                    break;
                default:
                    BatchRows<Vector128<float>, Vector128Ops>(shape, first, end);
                    break;
            }
        }
    }

    /// <summary>The validated, pinned arguments of a batched call.</summary>
    private readonly unsafe struct BatchShape(float* x, int batch, int inFeatures, float* w, float* bias, int outFeatures, float* y)
    {
        public readonly float* X = x, W = w, Bias = bias, Y = y;
        public readonly int Batch = batch, InFeatures = inFeatures, OutFeatures = outFeatures;

        public void Store(int image, int row, float dot) =>
            Y[((nint)image * OutFeatures) + row] = Bias == null ? dot : dot + Bias[row];
    }

    /// <summary>
    /// Rows <c>[first, end)</c> in blocks of <see cref="BatchRowBlock"/>: the first group of images pulls a block's weights
    /// in (prefetching the next block), the other groups find them in L2; a group's features stay in L1 over the block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void BatchRows<TVec, TOps>(in BatchShape s, int first, int end)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int k = s.InFeatures;
        for (int block = first; block < end; block += BatchRowBlock)
        {
            int blockEnd = Math.Min(end, block + BatchRowBlock);
            int image = 0;
            for (; image + BatchGroup <= s.Batch; image += BatchGroup)
            {
                float* x = s.X + ((nint)image * k);
                bool prefetch = image == 0;
                for (int o = block; o < blockEnd; o++)
                {
                    Dot4<TVec, TOps, FourImages>(s.W + ((nint)o * k), 0, x, k, k, prefetch, out float d0, out float d1, out float d2, out float d3);
                    s.Store(image, o, d0);
                    s.Store(image + 1, o, d1);
                    s.Store(image + 2, o, d2);
                    s.Store(image + 3, o, d3);
                }
            }

            for (; image < s.Batch; image++)
            {
                float* x = s.X + ((nint)image * k);
                for (int o = block; o < blockEnd; o++)
                {
                    s.Store(image, o, Reduction.Dot<TVec, TOps>(s.W + ((nint)o * k), x, k, PrefetchFloats));
                }
            }
        }
    }

    /// <summary>
    /// Four dot products, row <c>a + j aStride</c> with features <c>x + j xStride</c> for j = 0..3 (<typeparamref name="TDots"/>
    /// says which of the two is shared), each summed exactly as <see cref="Reduction.Dot"/> sums it (four accumulators over
    /// 4-vector steps, one-vector tail into the first, the same reduction, scalar tail), so a batched logit equals the
    /// one-image logit, and the four-stream order the one-stream order, bit for bit. Prefetches (into every cache level: the
    /// other groups of images reread the row from L2) <see cref="PrefetchFloats"/> ahead when <paramref name="prefetch"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Dot4<TVec, TOps, TDots>(float* a, nint aStride, float* x, nint xStride, int length, bool prefetch,
        out float d0, out float d1, out float d2, out float d3)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
        where TDots : struct, IFourDots
    {
        int lanes = TOps.Count;
        float* a1 = a + aStride, a2 = a1 + aStride, a3 = a2 + aStride;
        float* x1 = x + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
        TVec p0 = TOps.Zero, p1 = TOps.Zero, p2 = TOps.Zero, p3 = TOps.Zero;
        TVec q0 = TOps.Zero, q1 = TOps.Zero, q2 = TOps.Zero, q3 = TOps.Zero;
        TVec r0 = TOps.Zero, r1 = TOps.Zero, r2 = TOps.Zero, r3 = TOps.Zero;
        TVec t0 = TOps.Zero, t1 = TOps.Zero, t2 = TOps.Zero, t3 = TOps.Zero;
        int i = 0;
        for (; i + (4 * lanes) <= length; i += 4 * lanes)
        {
            if (prefetch && Sse.IsSupported)
            {
                byte* ahead = (byte*)(a + i + PrefetchFloats);
                for (int line = 0; line < 4 * lanes * sizeof(float); line += 64)
                {
                    Sse.Prefetch0(ahead + line);
                }
            }

            if (TDots.SharedRow)
            {
                // One weight row: each weight vector is loaded once for the four images.
                TVec w0 = TOps.Load(a + i), w1 = TOps.Load(a + i + lanes), w2 = TOps.Load(a + i + (2 * lanes)), w3 = TOps.Load(a + i + (3 * lanes));
                p0 = TOps.MultiplyAdd(w0, TOps.Load(x + i), p0);
                p1 = TOps.MultiplyAdd(w1, TOps.Load(x + i + lanes), p1);
                p2 = TOps.MultiplyAdd(w2, TOps.Load(x + i + (2 * lanes)), p2);
                p3 = TOps.MultiplyAdd(w3, TOps.Load(x + i + (3 * lanes)), p3);
                q0 = TOps.MultiplyAdd(w0, TOps.Load(x1 + i), q0);
                q1 = TOps.MultiplyAdd(w1, TOps.Load(x1 + i + lanes), q1);
                q2 = TOps.MultiplyAdd(w2, TOps.Load(x1 + i + (2 * lanes)), q2);
                q3 = TOps.MultiplyAdd(w3, TOps.Load(x1 + i + (3 * lanes)), q3);
                r0 = TOps.MultiplyAdd(w0, TOps.Load(x2 + i), r0);
                r1 = TOps.MultiplyAdd(w1, TOps.Load(x2 + i + lanes), r1);
                r2 = TOps.MultiplyAdd(w2, TOps.Load(x2 + i + (2 * lanes)), r2);
                r3 = TOps.MultiplyAdd(w3, TOps.Load(x2 + i + (3 * lanes)), r3);
                t0 = TOps.MultiplyAdd(w0, TOps.Load(x3 + i), t0);
                t1 = TOps.MultiplyAdd(w1, TOps.Load(x3 + i + lanes), t1);
                t2 = TOps.MultiplyAdd(w2, TOps.Load(x3 + i + (2 * lanes)), t2);
                t3 = TOps.MultiplyAdd(w3, TOps.Load(x3 + i + (3 * lanes)), t3);
            }
            else
            {
                // Four weight rows: the features are reloaded (from L1) for each, as 16 accumulators leave no registers to
                // hold them on AVX2.
                Step<TVec, TOps>(a + i, x + i, ref p0, ref p1, ref p2, ref p3);
                Step<TVec, TOps>(a1 + i, x1 + i, ref q0, ref q1, ref q2, ref q3);
                Step<TVec, TOps>(a2 + i, x2 + i, ref r0, ref r1, ref r2, ref r3);
                Step<TVec, TOps>(a3 + i, x3 + i, ref t0, ref t1, ref t2, ref t3);
            }
        }

        for (; i + lanes <= length; i += lanes)
        {
            p0 = TOps.MultiplyAdd(TOps.Load(a + i), TOps.Load(x + i), p0);
            q0 = TOps.MultiplyAdd(TOps.Load(a1 + i), TOps.Load(x1 + i), q0);
            r0 = TOps.MultiplyAdd(TOps.Load(a2 + i), TOps.Load(x2 + i), r0);
            t0 = TOps.MultiplyAdd(TOps.Load(a3 + i), TOps.Load(x3 + i), t0);
        }

        d0 = TOps.Sum(TOps.Add(TOps.Add(p0, p1), TOps.Add(p2, p3)));
        d1 = TOps.Sum(TOps.Add(TOps.Add(q0, q1), TOps.Add(q2, q3)));
        d2 = TOps.Sum(TOps.Add(TOps.Add(r0, r1), TOps.Add(r2, r3)));
        d3 = TOps.Sum(TOps.Add(TOps.Add(t0, t1), TOps.Add(t2, t3)));
        for (; i < length; i++)
        {
            d0 += a[i] * x[i];
            d1 += a1[i] * x1[i];
            d2 += a2[i] * x2[i];
            d3 += a3[i] * x3[i];
        }
    }

    /// <summary>One 4-vector step of <see cref="Reduction.Dot"/>: <c>s_j += a[j] * x[j]</c> for the four vectors from <paramref name="a"/> and <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Step<TVec, TOps>(float* a, float* x, ref TVec s0, ref TVec s1, ref TVec s2, ref TVec s3)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int lanes = TOps.Count;
        s0 = TOps.MultiplyAdd(TOps.Load(a), TOps.Load(x), s0);
        s1 = TOps.MultiplyAdd(TOps.Load(a + lanes), TOps.Load(x + lanes), s1);
        s2 = TOps.MultiplyAdd(TOps.Load(a + (2 * lanes)), TOps.Load(x + (2 * lanes)), s2);
        s3 = TOps.MultiplyAdd(TOps.Load(a + (3 * lanes)), TOps.Load(x + (3 * lanes)), s3);
    }

    /// <summary>Which operand the four dot products of <see cref="Dot4"/> share.</summary>
    private interface IFourDots
    {
        /// <summary>One weight row with four images' features (else four weight rows with one image's features).</summary>
        static abstract bool SharedRow { get; }
    }

    /// <summary>The batched path: one weight row, four images.</summary>
    private readonly struct FourImages : IFourDots
    {
        public static bool SharedRow => true;
    }

    /// <summary>The one-image AVX2 path: four weight rows a quarter of the matrix apart.</summary>
    private readonly struct FourRows : IFourDots
    {
        public static bool SharedRow => false;
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
