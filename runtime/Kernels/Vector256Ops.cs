using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary><see cref="IFloatVector{TVec}"/> over <see cref="Vector256{T}"/>: AVX2 + FMA on x64.</summary>
internal readonly unsafe struct Vector256Ops : IFloatVector<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(float* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* destination, Vector256<float> value) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Vector256.MultiplyAddEstimate(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => Vector256.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Activate<TActivation>(Vector256<float> value)
        where TActivation : struct, IActivationOperator => TActivation.Invoke(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LanesFrom(int firstLane) =>
        Vector256.GreaterThanOrEqual(Vector256<float>.Indices, Vector256.Create((float)firstLane));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Select(Vector256<float> mask, Vector256<float> ifSet, Vector256<float> ifClear) =>
        Vector256.ConditionalSelect(mask, ifSet, ifClear);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadDeinterleaved(float* source, out Vector256<float> even, out Vector256<float> odd) =>
        Deinterleave(Vector256.Load(source), Vector256.Load(source + 8), out even, out odd);

    /// <summary>Splits the 16 floats <c>a, b</c> into the even-indexed and the odd-indexed ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(Vector256<float> a, Vector256<float> b, out Vector256<float> even, out Vector256<float> odd)
    {
        if (Avx2.IsSupported)
        {
            // vshufps works within 128-bit lanes (a0 a2 b0 b2 | a4 a6 b4 b6); vpermpd puts the 64-bit pairs in order.
            even = Avx2.Permute4x64(Avx.Shuffle(a, b, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle();
            odd = Avx2.Permute4x64(Avx.Shuffle(a, b, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).AsSingle();
        }
        else
        {
            Vector128Ops.Deinterleave(a.GetLower(), a.GetUpper(), out Vector128<float> evenA, out Vector128<float> oddA);
            Vector128Ops.Deinterleave(b.GetLower(), b.GetUpper(), out Vector128<float> evenB, out Vector128<float> oddB);
            even = Vector256.Create(evenA, evenB);
            odd = Vector256.Create(oddA, oddB);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector256<float> value) => Vector256.Sum(value);
}
