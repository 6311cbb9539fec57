using System.Runtime.CompilerServices;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// The inner steps the register tiles of the stem and of the 16-register 1x1 GEMM share: one reduction step's FMAs into
/// accumulators passed by reference (inlined, so they stay in registers).
/// </summary>
internal static class TileSteps
{
    /// <summary>
    /// One step of a 4 x 3 tile: three vectors from <paramref name="x"/> times each of 4 output channels' weights
    /// <paramref name="w"/>[0..3], broadcast once for all three (a stem tap, a 1x1 input channel).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void Accumulate4x3<TVec, TOps>(float* x, float* w,
        ref TVec a0, ref TVec a1, ref TVec a2, ref TVec a3, ref TVec b0, ref TVec b1, ref TVec b2, ref TVec b3,
        ref TVec c0, ref TVec c1, ref TVec c2, ref TVec c3)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int lanes = TOps.Count;
        TVec x0 = TOps.Load(x), x1 = TOps.Load(x + lanes), x2 = TOps.Load(x + (2 * lanes));
        TVec k = TOps.Broadcast(w[0]);
        a0 = TOps.MultiplyAdd(x0, k, a0);
        b0 = TOps.MultiplyAdd(x1, k, b0);
        c0 = TOps.MultiplyAdd(x2, k, c0);
        k = TOps.Broadcast(w[1]);
        a1 = TOps.MultiplyAdd(x0, k, a1);
        b1 = TOps.MultiplyAdd(x1, k, b1);
        c1 = TOps.MultiplyAdd(x2, k, c1);
        k = TOps.Broadcast(w[2]);
        a2 = TOps.MultiplyAdd(x0, k, a2);
        b2 = TOps.MultiplyAdd(x1, k, b2);
        c2 = TOps.MultiplyAdd(x2, k, c2);
        k = TOps.Broadcast(w[3]);
        a3 = TOps.MultiplyAdd(x0, k, a3);
        b3 = TOps.MultiplyAdd(x1, k, b3);
        c3 = TOps.MultiplyAdd(x2, k, c3);
    }

    /// <summary>One step of an 8 x 1 tile: one vector <paramref name="x"/> times each of 8 output channels' broadcast weights <paramref name="w"/>[0..7].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void Accumulate8x1<TVec, TOps>(TVec x, float* w,
        ref TVec a0, ref TVec a1, ref TVec a2, ref TVec a3, ref TVec a4, ref TVec a5, ref TVec a6, ref TVec a7)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        a0 = TOps.MultiplyAdd(x, TOps.Broadcast(w[0]), a0);
        a1 = TOps.MultiplyAdd(x, TOps.Broadcast(w[1]), a1);
        a2 = TOps.MultiplyAdd(x, TOps.Broadcast(w[2]), a2);
        a3 = TOps.MultiplyAdd(x, TOps.Broadcast(w[3]), a3);
        a4 = TOps.MultiplyAdd(x, TOps.Broadcast(w[4]), a4);
        a5 = TOps.MultiplyAdd(x, TOps.Broadcast(w[5]), a5);
        a6 = TOps.MultiplyAdd(x, TOps.Broadcast(w[6]), a6);
        a7 = TOps.MultiplyAdd(x, TOps.Broadcast(w[7]), a7);
    }
}
