using System.Runtime.CompilerServices;

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

    /// <summary>Dot product of two <paramref name="length"/>-float rows, four accumulators as in <see cref="Sum"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe float Dot<TVec, TOps>(float* a, float* b, int length)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int lanes = TOps.Count;
        TVec s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
        int i = 0;
        for (; i + (4 * lanes) <= length; i += 4 * lanes)
        {
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
