using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// <see cref="Activation.Relu6"/>: <c>min(max(0, x), 6)</c>, NaN kept as PyTorch's <c>hardtanh</c> keeps it: the constants
/// go first, since x86's maxps and minps return their second operand when either is NaN (see <see cref="ReluOperator"/>).
/// </summary>
internal readonly struct Relu6Operator : IActivationOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Invoke(float x) => Math.Min(Math.Max(x, 0f), 6f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Invoke(Vector128<float> x) =>
        Vector128.MinNative(Vector128.Create(6f), Vector128.MaxNative(Vector128<float>.Zero, x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Invoke(Vector256<float> x) =>
        Vector256.MinNative(Vector256.Create(6f), Vector256.MaxNative(Vector256<float>.Zero, x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Invoke(Vector512<float> x) =>
        Vector512.MinNative(Vector512.Create(6f), Vector512.MaxNative(Vector512<float>.Zero, x));
}
