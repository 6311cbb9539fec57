using System;
using System.Runtime.Intrinsics;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>Shows in the CI log which width the kernels chose, and checks each DOTNET_Enable* switch took effect.</summary>
public sealed class VectorWidthReportTests(ITestOutputHelper output)
{
    [Fact]
    public void ReportsTheWidthTheKernelsChose()
    {
        output.WriteLine(
            $"Kernels run {KernelDispatch.Widest} (Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, " +
            $"Vector128 {Vector128.IsHardwareAccelerated}; DOTNET_EnableAVX512={Setting("DOTNET_EnableAVX512")}, " +
            $"DOTNET_EnableAVX2={Setting("DOTNET_EnableAVX2")}, DOTNET_EnableHWIntrinsic={Setting("DOTNET_EnableHWIntrinsic")})");

        Assert.True(KernelDispatch.IsAccelerated(KernelDispatch.Widest));
        if (Setting("DOTNET_EnableHWIntrinsic") == "0")
        {
            Assert.Equal(VectorWidth.Scalar, KernelDispatch.Widest);
        }

        if (Setting("DOTNET_EnableAVX512") == "0")
        {
            Assert.NotEqual(VectorWidth.V512, KernelDispatch.Widest);
        }

        if (Setting("DOTNET_EnableAVX2") == "0")
        {
            Assert.True(KernelDispatch.Widest <= VectorWidth.V128, $"expected at most V128 with AVX2 off, got {KernelDispatch.Widest}");
        }
    }

    private static string Setting(string name) => Environment.GetEnvironmentVariable(name) ?? "unset";
}
