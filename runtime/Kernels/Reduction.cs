using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>Vector sums and dot products for the classifier head (global average pool, fully connected).</summary>
internal static class Reduction
{
    /// <summary>Sum of <paramref name="length"/> floats: four independent accumulators hide the add latency.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe float Sum<TVec, TOps>(float* x, int length)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int lanes = TOps.Count;
        TVec s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
        int i = 0;
        for (; i + (4 * lanes) <= length; i += 4 * lanes)
        {
            s0 = TOps.Add(s0, TOps.Load(x + i));
            s1 = TOps.Add(s1, TOps.Load(x + i + lanes));
            s2 = TOps.Add(s2, TOps.Load(x + i + (2 * lanes)));
            s3 = TOps.Add(s3, TOps.Load(x + i + (3 * lanes)));
        }

        for (; i + lanes <= length; i += lanes)
        {
            s0 = TOps.Add(s0, TOps.Load(x + i));
        }

        float sum = TOps.Sum(TOps.Add(TOps.Add(s0, s1), TOps.Add(s2, s3)));
        for (; i < length; i++)
        {
            sum += x[i];
        }

        return sum;
    }

    /// <summary>
    /// Dot product of a row <paramref name="a"/> streamed from memory with a cached vector <paramref name="b"/>, four
    /// accumulators as in <see cref="Sum"/>. While it reads <c>a[i]</c> it prefetches <c>a[i + prefetchAhead]</c> (one
    /// non-temporal prefetch per 64-byte line, where SSE exists): the caller's next rows when <paramref name="a"/> is one
    /// row of a row-major matrix. Prefetching past the end of the matrix is harmless (a prefetch never faults).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe float Dot<TVec, TOps>(float* a, float* b, int length, int prefetchAhead)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int lanes = TOps.Count;
        TVec s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
        int i = 0;
        for (; i + (4 * lanes) <= length; i += 4 * lanes)
        {
            if (Sse.IsSupported)
            {
                // 4 vectors are 64 (V128), 128 (V256) or 256 (V512) bytes: one prefetch per cache line of them.
                byte* ahead = (byte*)(a + i + prefetchAhead);
                Sse.PrefetchNonTemporal(ahead);
                if (lanes >= 8)
                {
                    Sse.PrefetchNonTemporal(ahead + 64);
                }

                if (lanes >= 16)
                {
                    Sse.PrefetchNonTemporal(ahead + 128);
                    Sse.PrefetchNonTemporal(ahead + 192);
                }
            }

            s0 = TOps.MultiplyAdd(TOps.Load(a + i), TOps.Load(b + i), s0);
            s1 = TOps.MultiplyAdd(TOps.Load(a + i + lanes), TOps.Load(b + i + lanes), s1);
            s2 = TOps.MultiplyAdd(TOps.Load(a + i + (2 * lanes)), TOps.Load(b + i + (2 * lanes)), s2);
            s3 = TOps.MultiplyAdd(TOps.Load(a + i + (3 * lanes)), TOps.Load(b + i + (3 * lanes)), s3);
        }

        for (; i + lanes <= length; i += lanes)
        {
            s0 = TOps.MultiplyAdd(TOps.Load(a + i), TOps.Load(b + i), s0);
        }

        float sum = TOps.Sum(TOps.Add(TOps.Add(s0, s1), TOps.Add(s2, s3)));
        for (; i < length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
