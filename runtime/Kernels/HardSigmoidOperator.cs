using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// <see cref="Activation.HardSigmoid"/>: PyTorch's <c>hardsigmoid</c>, <c>min(max(x + 3, 0), 6) / 6</c>; NaN stays NaN (the
/// constants go first, as in <see cref="Relu6Operator"/>).
/// </summary>
internal readonly struct HardSigmoidOperator : IActivationOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => Math.Min(Math.Max(x + 3f, 0f), 6f) / 6f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> x) =>
        Vector128.MinNative(Vector128.Create(6f), Vector128.MaxNative(Vector128<float>.Zero, x + Vector128.Create(3f))) / Vector128.Create(6f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x) =>
        Vector256.MinNative(Vector256.Create(6f), Vector256.MaxNative(Vector256<float>.Zero, x + Vector256.Create(3f))) / Vector256.Create(6f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x) =>
        Vector512.MinNative(Vector512.Create(6f), Vector512.MaxNative(Vector512<float>.Zero, x + Vector512.Create(3f))) / Vector512.Create(6f);
}
