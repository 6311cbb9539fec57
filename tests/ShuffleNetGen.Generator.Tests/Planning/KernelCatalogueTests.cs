using System.IO;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Planning;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Planning;

/// <summary>The catalogue is the one table of kernels: every row has a kernel test and a benchmark, and packs as the runtime does.</summary>
public sealed class KernelCatalogueTests
{
    public static TheoryData<string> Rows => new(KernelCatalogue.Rows.Select(r => r.Name));

    [Theory]
    [MemberData(nameof(Rows))]
    public void EveryRow_HasAKernelTestCallingIt(string name) =>
        AssertCalls($"tests/ShuffleNetGen.Kernels.Tests/{name}Tests.cs", name);

    [Theory]
    [MemberData(nameof(Rows))]
    public void EveryRow_HasABenchmarkCallingIt(string name)
    {
        AssertCalls($"bench/ShuffleNetGen.Bench/Kernels/{name}Benchmarks.cs", name);
        string command = File.ReadAllText(RepositoryFiles.PathOf("bench/ShuffleNetGen.Bench/Kernels/KernelsCommand.cs"));
        Assert.Contains($"typeof({name}Benchmarks)", command);
    }

    [Fact]
    public void RowNames_AreUnique() =>
        Assert.Equal(KernelCatalogue.Rows.Count, KernelCatalogue.Rows.Select(r => r.Name).Distinct().Count());

    [Theory]
    [InlineData(1, 3)]
    [InlineData(8, 24)]
    [InlineData(13, 116)]
    [InlineData(1280, 320)]
    public void PackedLengths_EqualTheRuntimes(int outChannels, int inChannels)
    {
        Assert.Equal((StemConv3x3.PackedWeightsLength(outChannels, inChannels), StemConv3x3.PackedBiasLength(outChannels)),
            KernelCatalogue.StemConv3x3.Packing!(outChannels, inChannels, true));
        Assert.Equal((Conv1x1.PackedWeightsLength(outChannels, inChannels), Conv1x1.PackedBiasLength(outChannels)),
            KernelCatalogue.Conv1x1.Packing!(outChannels, inChannels, true));
        Assert.Equal((WinogradConv3x3.PackedWeightsLength(outChannels, inChannels), WinogradConv3x3.PackedBiasLength(outChannels)),
            KernelCatalogue.WinogradConv3x3.Packing!(outChannels, inChannels, true));
        Assert.Equal((Conv3x3.PackedWeightsLength(outChannels, inChannels), Conv3x3.PackedBiasLength(outChannels)),
            KernelCatalogue.Conv3x3.Packing!(outChannels, inChannels, true));
        Assert.Equal((Conv7x7.PackedWeightsLength(outChannels, inChannels), Conv7x7.PackedBiasLength(outChannels)),
            KernelCatalogue.Conv7x7.Packing!(outChannels, inChannels, true));
    }

    [Fact]
    public void WinogradRow_TakesTheInputsItsScratchHolds()
    {
        Assert.Equal(WinogradConv3x3.MaxInputChannels, KernelCatalogue.WinogradConv3x3.MaxInputChannels);
        int winograd = KernelCatalogue.Rows.ToList().IndexOf(KernelCatalogue.WinogradConv3x3);
        Assert.True(winograd < KernelCatalogue.Rows.ToList().IndexOf(KernelCatalogue.Conv3x3), "the Winograd row must come before the direct one");
    }

    [Theory]
    [InlineData(64, 1, 1, "WinogradConv3x3")]
    [InlineData(192, 1, 1, "WinogradConv3x3")]
    [InlineData(193, 1, 1, "Conv3x3")]
    [InlineData(64, 2, 0, "Conv3x3")]
    [InlineData(64, 1, 0, "Conv3x3")]
    public void DenseThreeByThreeConvs_TakeWinogradWhereItsScratchHoldsThem(int inChannels, int stride, int padding, string expected)
    {
        var query = new KernelQuery(KernelOp.Conv, 3, stride, padding, ConvGroups.Dense, ReadsImage: false,
            new StoreEpilogue(ActivationKind.Relu, Residual: false), new TensorShape(inChannels, 13, 13));
        Assert.Equal(expected, KernelCatalogue.Rows.First(r => r.Matches(query) && r.Supports(query.Epilogue)).Name);
    }

    private static void AssertCalls(string relativePath, string kernel)
    {
        string path = RepositoryFiles.PathOf(relativePath);
        Assert.True(File.Exists(path), $"the catalogue row {kernel} has no {relativePath}");
        Assert.Contains($"{kernel}.Run", File.ReadAllText(path));
    }
}
