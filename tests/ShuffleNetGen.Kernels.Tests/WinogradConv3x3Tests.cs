using System;
using System.Linq;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;
using Xunit.Sdk;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>
/// The Winograd F(2x2, 3x3) conv (stride 1, padding 1) against <see cref="NaiveReference.ConvKxK"/>, the direct sum in
/// double, on every path, identity and shuffled plane tables, finite and non-finite inputs and every activation.
/// Tolerance: <see cref="Tolerance"/>'s (1e-5 of the largest output, plus 1e-6), the transforms reassociating the sums
/// being rounding only. Non-finite: where the direct sum is NaN the kernel gives NaN; where it is an infinity the kernel
/// gives that infinity or NaN (the transforms subtract an infinite input from itself), each through the activation.
/// </summary>
public sealed class WinogradConv3x3Tests
{
    /// <summary>
    /// Maps of 1x1, 2x2, 3x5, 7x7 (one vector's worth of tiles or less), 13x13 (SqueezeNet's 7x7 tiles: 49 over four 16-lane
    /// vectors), 14x14, 27x27 and 55x55; channels 1, 3, 17 (no whole block of 4 out) and 64 in (a chunk of 48 tiles).
    /// </summary>
    [Theory]
    [InlineData(1, 1, 1, 1)]
    [InlineData(3, 5, 2, 2)]
    [InlineData(2, 7, 3, 5)]
    [InlineData(5, 4, 7, 7)]
    [InlineData(17, 6, 13, 13)]
    [InlineData(3, 17, 14, 14)]
    [InlineData(1, 3, 27, 27)]
    [InlineData(16, 12, 55, 55)]
    [InlineData(64, 9, 13, 13)]
    [InlineData(48, 5, 27, 27)]
    [InlineData(4, 4, 41, 5)]
    [InlineData(192, 5, 6, 9)]
    public void EveryPathMatchesNaiveConvolution(int inChannels, int outChannels, int height, int width) =>
        AssertEveryPathMatchesNaive(inChannels, outChannels, height, width, TestData.Activations);

    /// <summary>Every width 1..20 at two heights (odd and even), so each tile row's run ends at every lane of every vector.</summary>
    [Fact]
    public void EveryWidthUpTo20MatchesNaiveConvolution()
    {
        for (int width = 1; width <= 20; width++)
        {
            AssertEveryPathMatchesNaive(3, 5, 5, width, [Activation.Relu]);
            AssertEveryPathMatchesNaive(2, 4, 6, width, [Activation.Identity]);
        }
    }

    /// <summary>SqueezeNet 1.1's fire9 expand3x3 (64 -> 256 @ 13x13) at 20 of its output channels, with its ReLU.</summary>
    [Fact]
    public void SqueezeNetFireExpandMatchesNaiveConvolution() =>
        AssertEveryPathMatchesNaive(64, 20, 13, 13, [Activation.Relu]);

    /// <summary>Parts over output rows, odd counts and split points inside a tile row, tile the whole call bitwise.</summary>
    [Theory]
    [InlineData(16, 12, 55, 55)]
    [InlineData(4, 4, 5, 9)]
    [InlineData(3, 5, 13, 13)]
    [InlineData(2, 3, 7, 20)]
    [InlineData(5, 2, 3, 3)]
    public void PartsOverRowsTileTheWholeCall(int inChannels, int outChannels, int height, int width)
    {
        Random random = TestData.Random(inChannels, outChannels, height, width, 31);
        float[] input = TestData.Uniform(random, inChannels * height * width);
        (float[] packedWeights, float[] packedBias) = Pack(random, outChannels, inChannels);
        int pixels = height * width;
        int[] odd = Enumerable.Range(0, outChannels).Select(c => (2 * c) + 1).ToArray();
        foreach (VectorWidth? path in KernelPaths.All())
        {
            VectorWidth pinned = path ?? KernelDispatch.Widest;
            PartSplitAssert.TilesTheWholeCall($"Winograd {inChannels}->{outChannels} @ {height}x{width}, {KernelPaths.Name(path)}",
                () => new PartSplitAssert.BufferCase(2 * outChannels * pixels, null, odd, pixels, (output, part) =>
                    WinogradConv3x3.Run(input, [], inChannels, height, width, packedWeights, packedBias, outChannels, output, odd,
                        height, width, Activation.Relu, pinned, part)));
        }
    }

    [Fact]
    public void PackedWeightsAreTheTransformOfTheKernel()
    {
        // One 3x3 kernel of ones: U = G 1 G^T, G's row sums being 1, 3/2, 1/2, 1.
        var packedWeights = new float[WinogradConv3x3.PackedWeightsLength(1, 1)];
        var packedBias = new float[WinogradConv3x3.PackedBiasLength(1)];
        WinogradConv3x3.PackWeights(Enumerable.Repeat(1f, 9).ToArray(), [0.25f], 1, 1, packedWeights, packedBias);
        double[] rowSums = [1, 1.5, 0.5, 1];
        for (int xi = 0; xi < 16; xi++)
        {
            Assert.Equal(rowSums[xi / 4] * rowSums[xi % 4], packedWeights[xi * 4]);
            Assert.Equal(0f, packedWeights[(xi * 4) + 1]);
        }

        Assert.Equal([0.25f, 0, 0, 0], packedBias);
    }

    [Fact]
    public void WrongSizesAreRejectedWithExpectedAndActual()
    {
        var weights = new float[WinogradConv3x3.PackedWeightsLength(4, 2)];
        var bias = new float[WinogradConv3x3.PackedBiasLength(4)];
        var ex = Assert.Throws<ArgumentException>(() => WinogradConv3x3.Run(new float[2 * 25], [], 2, 5, 5, weights, bias, 4, new float[4 * 25], [], 4, 5, Activation.Relu));
        Assert.Contains("expected 5, got 4", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => WinogradConv3x3.Run(new float[2 * 25 - 1], [], 2, 5, 5, weights, bias, 4, new float[4 * 25], [], 5, 5, Activation.Relu));
        Assert.Contains("expected at least 50 floats, got 49", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => WinogradConv3x3.Run(new float[2 * 25], [], 2, 5, 5, weights, bias[..^1], 4, new float[4 * 25], [], 5, 5, Activation.Relu));
        Assert.Contains("expected 4 floats, got 3", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => WinogradConv3x3.Run(new float[2 * 25], [], 2, 5, 5, weights[..^1], bias, 4, new float[4 * 25], [], 5, 5, Activation.Relu));
        Assert.Contains($"expected {weights.Length} floats, got {weights.Length - 1}", ex.Message);
        int deep = WinogradConv3x3.MaxInputChannels + 1;
        ex = Assert.Throws<ArgumentException>(() => WinogradConv3x3.Run(new float[deep], [], deep, 1, 1, new float[WinogradConv3x3.PackedWeightsLength(4, deep)],
            bias, 4, new float[4], [], 1, 1, Activation.Relu));
        Assert.Contains($"expected at most {WinogradConv3x3.MaxInputChannels}, got {deep}", ex.Message);
        Assert.Equal(8 * 16 * 3, WinogradConv3x3.PackedWeightsLength(5, 3));
    }

    private static (float[] Weights, float[] Bias) Pack(Random random, int outChannels, int inChannels)
    {
        var packedWeights = new float[WinogradConv3x3.PackedWeightsLength(outChannels, inChannels)];
        var packedBias = new float[WinogradConv3x3.PackedBiasLength(outChannels)];
        WinogradConv3x3.PackWeights(TestData.Uniform(random, outChannels * inChannels * 9), TestData.Uniform(random, outChannels),
            outChannels, inChannels, packedWeights, packedBias);
        return (packedWeights, packedBias);
    }

    private static void AssertEveryPathMatchesNaive(int inChannels, int outChannels, int height, int width, Activation[] activations)
    {
        Random random = TestData.Random(3, inChannels, outChannels, height, width, 1, 1);
        float[] finite = TestData.Uniform(random, inChannels * height * width);
        float[] weights = TestData.Uniform(random, outChannels * inChannels * 9);
        float[] bias = TestData.Uniform(random, outChannels);
        var packedWeights = new float[WinogradConv3x3.PackedWeightsLength(outChannels, inChannels)];
        var packedBias = new float[WinogradConv3x3.PackedBiasLength(outChannels)];
        WinogradConv3x3.PackWeights(weights, bias, outChannels, inChannels, packedWeights, packedBias);
        foreach ((string inputs, float[] input) in TestData.FiniteAndNonFinite(finite, inChannels, height, width))
        {
            double[] linear = NaiveReference.ConvKxK(input, weights, bias, inChannels, outChannels, height, width, 3, 1, 1, Activation.Identity);
            foreach (Activation activation in activations)
            {
                double[] expected = NaiveReference.ConvKxK(input, weights, bias, inChannels, outChannels, height, width, 3, 1, 1, activation);
                foreach (Layout layout in new[] { Layout.Identity, Layout.Interleaved })
                {
                    foreach (VectorWidth? path in KernelPaths.All())
                    {
                        string context = $"{inputs}, Winograd {inChannels}->{outChannels} @ {height}x{width}, {activation}, {layout}, {KernelPaths.Name(path)}";
                        int pixels = height * width;
                        using var workspace = new PlanarWorkspace(layout, input, inChannels, pixels, outChannels, pixels, random);
                        if (path is { } pinned)
                        {
                            WinogradConv3x3.Run(workspace.Input, workspace.InputPlanes, inChannels, height, width, packedWeights, packedBias, outChannels,
                                workspace.Output, workspace.OutputPlanes, height, width, activation, pinned);
                        }
                        else
                        {
                            WinogradConv3x3.Run(workspace.Input, workspace.InputPlanes, inChannels, height, width, packedWeights, packedBias, outChannels,
                                workspace.Output, workspace.OutputPlanes, height, width, activation);
                        }

                        float[] actual = workspace.GatherOutput();
                        AssertClose(expected, linear, actual, activation, context);
                        workspace.AssertInputUntouched(context);
                    }
                }
            }
        }
    }

    /// <summary>
    /// <see cref="Tolerance.AssertClose"/>, except that where the direct sum (before the activation) is infinite the kernel
    /// may give the activation of NaN instead.
    /// </summary>
    private static void AssertClose(double[] expected, double[] linear, float[] actual, Activation activation, string context)
    {
        double[] allowed = (double[])expected.Clone();
        double nan = NaiveReference.Activate(activation, double.NaN);
        for (int i = 0; i < actual.Length; i++)
        {
            if (double.IsInfinity(linear[i]) && ((double)actual[i]).Equals(nan))
            {
                allowed[i] = nan;
            }
        }

        if (actual.Length != expected.Length)
        {
            throw new XunitException($"{context}: expected {expected.Length} values, got {actual.Length}.");
        }

        Tolerance.AssertClose(allowed, actual, context);
    }
}
