using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>The SIMD register width a kernel path runs with; <see cref="Scalar"/> is the plain loop nest.</summary>
internal enum VectorWidth
{
    Scalar = 0,
    V128 = 128,
    V256 = 256,
    V512 = 512,
}

/// <summary>Picks the kernel path: the widest accelerated vector that the shape can fill.</summary>
internal static class KernelDispatch
{
    /// <summary>The widest vector width the JIT accelerates on this machine (honours <c>DOTNET_EnableAVX512=0</c> etc.).</summary>
    public static VectorWidth Widest { get; } =
        Vector512.IsHardwareAccelerated ? VectorWidth.V512
        : Vector256.IsHardwareAccelerated ? VectorWidth.V256
        : Vector128.IsHardwareAccelerated ? VectorWidth.V128
        : VectorWidth.Scalar;

    /// <summary>Whether <paramref name="width"/> runs as hardware instructions here (scalar always does).</summary>
    public static bool IsAccelerated(VectorWidth width) => width switch
    {
        VectorWidth.V512 => Vector512.IsHardwareAccelerated,
        VectorWidth.V256 => Vector256.IsHardwareAccelerated,
        VectorWidth.V128 => Vector128.IsHardwareAccelerated,
        _ => true,
    };

    /// <summary>
    /// The widest width not above <paramref name="limit"/> whose lane count fits in <paramref name="lanes"/>
    /// (a kernel's vector body needs at least one whole vector of interior pixels); scalar when none does.
    /// </summary>
    public static VectorWidth Fit(VectorWidth limit, int lanes)
    {
        if (limit >= VectorWidth.V512 && lanes >= 16)
        {
            return VectorWidth.V512;
        }

        if (limit >= VectorWidth.V256 && lanes >= 8)
        {
            return VectorWidth.V256;
        }

        return limit >= VectorWidth.V128 && lanes >= 4 ? VectorWidth.V128 : VectorWidth.Scalar;
    }
}
