using System.Runtime.Intrinsics;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests;

/// <summary><see cref="SimdPath"/> names the widest vector the JIT accelerates, as the DOTNET_Enable* switches leave it.</summary>
public sealed class SimdPathTests
{
    [Fact]
    public void Names_the_widest_accelerated_vector()
    {
        int widest = Vector512.IsHardwareAccelerated ? 512
            : Vector256.IsHardwareAccelerated ? 256
            : Vector128.IsHardwareAccelerated ? 128
            : 0;
        Assert.Equal(widest, SimdPath.VectorBits);
        string[] names = widest switch
        {
            512 => ["AVX-512"],
            256 => ["AVX2 + FMA", "AVX2", "Vector256"],
            128 => ["NEON", "Vector128 (SSE + FMA)", "Vector128 (SSE)", "Vector128"],
            _ => ["scalar"],
        };
        Assert.Contains(SimdPath.Name, names);
    }
}
