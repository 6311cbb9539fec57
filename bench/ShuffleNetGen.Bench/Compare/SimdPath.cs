using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace ShuffleNetGen.Bench.Compare;

/// <summary>Which of the runtime's SIMD paths this process runs: the widest vector the JIT accelerates, named by instruction set.</summary>
internal static class SimdPath
{
    /// <summary>"AVX-512", "AVX2 + FMA", "NEON", "Vector128 (SSE, no FMA)" or "scalar": what the kernels dispatch on.</summary>
    public static string Name =>
        Vector512.IsHardwareAccelerated ? "AVX-512"
        : Vector256.IsHardwareAccelerated ? (Fma.IsSupported ? "AVX2 + FMA" : "AVX2, no FMA")
        : Vector128.IsHardwareAccelerated ? (AdvSimd.IsSupported ? "NEON" : Fma.IsSupported ? "Vector128 + FMA" : "Vector128 (SSE, no FMA)")
        : "scalar";

    /// <summary>The environment switch that narrows the JIT to the AVX2 path on an AVX-512 machine.</summary>
    public const string NoAvx512Variable = "DOTNET_EnableAVX512";

    /// <summary>True when this process runs with <c>DOTNET_EnableAVX512=0</c>.</summary>
    public static bool Avx512SwitchedOff => System.Environment.GetEnvironmentVariable(NoAvx512Variable) == "0";
}
