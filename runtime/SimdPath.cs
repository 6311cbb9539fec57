using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Runtime;

/// <summary>
/// Which SIMD path the kernels take in this process: the widest vector the JIT accelerates here, after the
/// <c>DOTNET_EnableAVX512</c>, <c>DOTNET_EnableAVX2</c> and <c>DOTNET_EnableHWIntrinsic</c> switches.
/// </summary>
public static class SimdPath
{
    /// <summary>The path as a person reads it: <c>AVX-512</c>, <c>AVX2 + FMA</c>, <c>NEON</c>, <c>Vector128 (SSE)</c> or <c>scalar</c>.</summary>
    public static string Name { get; } = Describe(KernelDispatch.Widest);

    /// <summary>Bits in one vector of the path: 512, 256, 128, or 0 for the scalar loops.</summary>
    public static int VectorBits { get; } = (int)KernelDispatch.Widest;

    private static string Describe(VectorWidth width) => width switch
    {
        VectorWidth.V512 => "AVX-512",
        VectorWidth.V256 when Avx2.IsSupported => Fma.IsSupported ? "AVX2 + FMA" : "AVX2",
        VectorWidth.V256 => "Vector256",
        VectorWidth.V128 when AdvSimd.IsSupported => "NEON",
        VectorWidth.V128 when Sse2.IsSupported => Fma.IsSupported ? "Vector128 (SSE + FMA)" : "Vector128 (SSE)",
        VectorWidth.V128 => "Vector128",
        _ => "scalar",
    };
}
