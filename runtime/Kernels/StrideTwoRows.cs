using System;
using System.Runtime.CompilerServices;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// How the stride-2 3x3 kernels (stem conv, depthwise conv) read a row: split once into its even and odd padded
/// columns, the window of output column x is then <c>even[x], odd[x], even[x+1]</c> — three plain vector loads
/// instead of a deinterleaving shuffle per tap.
/// </summary>
internal static class StrideTwoRows
{
    /// <summary>Floats per half-row: <c>outWidth + 1</c> (even[0] is the left padding, even[outWidth] the right one for odd widths).</summary>
    public static int HalfPitch(int outWidth) => outWidth + 1;

    /// <summary>
    /// Splits one input row into padded even columns (<c>even[i+1] = row[2i+1]</c>; <c>even[0]</c> stays the zero
    /// padding) and odd padded columns (<c>odd[i] = row[2i]</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Split<TVec, TOps>(float* row, int width, float* even, float* odd)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec> => Split<TVec, TOps>(row, width, padding: 1, even, odd);

    /// <summary>
    /// Splits one input row with <paramref name="padding"/> 1 as <see cref="Split{TVec, TOps}(float*, int, float*, float*)"/>
    /// does, or with padding 0 into its own even (<c>even[i] = row[2i]</c>) and odd (<c>odd[i] = row[2i+1]</c>) columns, so
    /// the window of output column x is <c>even[x], odd[x], even[x+1]</c> either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Split<TVec, TOps>(float* row, int width, int padding, float* even, float* odd)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        if (padding == 0)
        {
            // No padding: the image's even columns are the even ones; swap the roles of the two halves' pointers.
            SplitShifted<TVec, TOps>(row, width, odd: even, even: odd - 1);
            return;
        }

        SplitShifted<TVec, TOps>(row, width, even, odd);
    }

    /// <summary>The split with padding 1: <c>odd[i] = row[2i]</c>, <c>even[i+1] = row[2i+1]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void SplitShifted<TVec, TOps>(float* row, int width, float* even, float* odd)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int pairs = width / 2;
        int i = 0;
        if (pairs >= TOps.Count)
        {
            for (; ; i += TOps.Count)
            {
                i = Math.Min(i, pairs - TOps.Count);
                // Image column 2i is padded column 2i+1: the image's even columns are the padded odd ones.
                TOps.LoadDeinterleaved(row + (2 * i), out TVec evenColumns, out TVec oddColumns);
                TOps.Store(odd + i, evenColumns);
                TOps.Store(even + 1 + i, oddColumns);
                if (i == pairs - TOps.Count)
                {
                    i = pairs;
                    break;
                }
            }
        }

        for (; i < pairs; i++)
        {
            odd[i] = row[2 * i];
            even[i + 1] = row[(2 * i) + 1];
        }

        if ((width & 1) != 0)
        {
            odd[pairs] = row[width - 1];
        }
    }
}
