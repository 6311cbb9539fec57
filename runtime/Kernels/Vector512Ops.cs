using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary><see cref="IFloatVector{TVec}"/> over <see cref="Vector512{T}"/>: AVX-512F on x64.</summary>
internal readonly unsafe struct Vector512Ops : IFloatVector<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

    public static Vector512<float> Zero => Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(float* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* destination, Vector512<float> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        Vector512.MultiplyAddEstimate(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Activate<TActivation>(Vector512<float> value)
        where TActivation : struct, IActivationOperator => TActivation.Invoke(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LanesFrom(int firstLane) =>
        Vector512.GreaterThanOrEqual(Vector512<float>.Indices, Vector512.Create((float)firstLane));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Select(Vector512<float> mask, Vector512<float> ifSet, Vector512<float> ifClear) =>
        Vector512.ConditionalSelect(mask, ifSet, ifClear);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadDeinterleaved(float* source, out Vector512<float> even, out Vector512<float> odd)
    {
        Vector512<float> a = Vector512.Load(source);
        Vector512<float> b = Vector512.Load(source + 16);
        if (Avx512F.IsSupported)
        {
            // vpermt2ps indexes the 32 floats of (a, b) as one table.
            even = Avx512F.PermuteVar16x32x2(a, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), b);
            odd = Avx512F.PermuteVar16x32x2(a, Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31), b);
        }
        else
        {
            Vector256Ops.Deinterleave(a.GetLower(), a.GetUpper(), out Vector256<float> evenA, out Vector256<float> oddA);
            Vector256Ops.Deinterleave(b.GetLower(), b.GetUpper(), out Vector256<float> evenB, out Vector256<float> oddB);
            even = Vector512.Create(evenA, evenB);
            odd = Vector512.Create(oddA, oddB);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> value) => Vector512.Sum(value);
}
