using System;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

public sealed class StemConv3x3Tests
{
    public static TheoryData<int, int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int, int>();
        (int Height, int Width)[] sizes = [(1, 1), (2, 3), (7, 7), (15, 7), (18, 17), (25, 33), (5, 64), (40, 38)];
        int[] outChannels = [1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 24, 58];
        for (int i = 0; i < outChannels.Length; i++)
        {
            (int height, int width) = sizes[i % sizes.Length];
            data.Add(1 + (i % 4), outChannels[i], height, width);
        }

        data.Add(3, 24, 56, 56);
        data.Add(3, 24, 33, 70);

        // Odd widths end on a lone even column (the right edge copy); 350 output columns are all read in place.
        data.Add(3, 24, 9, 37);
        data.Add(4, 9, 3, 700);

        // The in-place tiles: left and right edge copies, the interior Tile2/Tile1 split and the overlapped last vector,
        // for every width around one and two vectors of each path (4, 8, 16 lanes), even and odd, with 1- and 2-row
        // outputs (a missing tap row at the top, at the bottom for odd heights) and 1..4 input channels.
        int[] widths = [7, 8, 9, 15, 16, 17, 31, 32, 33, 34, 63, 64, 65, 66, 67, 95, 96, 97, 129, 130];
        for (int i = 0; i < widths.Length; i++)
        {
            data.Add(1 + (i % 4), i % 3 == 0 ? 8 : 11, 1 + (i % 4), widths[i]);
        }

        // More input channels than the edge copies hold (MaxScratchFloats): the plain loop nest.
        data.Add(41, 3, 4, 9);

        // Wide rows: 50 output columns = 3 x 16 + an overlapped tail; torchvision's 224 columns; 9 output channels.
        data.Add(3, 24, 6, 100);
        data.Add(3, 24, 3, 224);
        data.Add(2, 9, 5, 97);

        // The 16-register tiles (AVX2) of 4 channels x 3 vectors: exactly one (24 output columns), one and an overlapped
        // second (25), and one block's second half of 1-4 channels.
        data.Add(3, 5, 3, 47);
        data.Add(2, 12, 4, 48);
        data.Add(3, 13, 3, 49);
        data.Add(1, 7, 2, 60);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryPathMatchesNaiveStride2Convolution(int inChannels, int outChannels, int height, int width)
    {
        // Padding 1 (every stem but one) and 0 (SqueezeNet 1.1's), where the image is at least the window.
        foreach (int padding in height >= 3 && width >= 3 ? [1, 0] : new[] { 1 })
        {
            MatchesNaiveConvolution(inChannels, outChannels, height, width, padding);
        }
    }

    private static void MatchesNaiveConvolution(int inChannels, int outChannels, int height, int width, int padding)
    {
        int outHeight = ConvKxK.OutputSize(height, 3, 2, padding);
        int outWidth = ConvKxK.OutputSize(width, 3, 2, padding);
        Random random = TestData.Random(inChannels, outChannels, height, width);
        float[] finite = TestData.Uniform(random, inChannels * height * width);
        float[] weights = TestData.Uniform(random, outChannels * inChannels * 9);
        float[] bias = TestData.Uniform(random, outChannels);
        var packedWeights = new float[StemConv3x3.PackedWeightsLength(outChannels, inChannels)];
        var packedBias = new float[StemConv3x3.PackedBiasLength(outChannels)];
        StemConv3x3.PackWeights(weights, bias, outChannels, inChannels, packedWeights, packedBias);
        foreach ((string inputs, float[] input) in TestData.FiniteAndNonFinite(finite, inChannels, height, width))
        {
            foreach (Activation activation in TestData.Activations)
            {
                double[] expected = NaiveReference.ConvKxK(input, weights, bias, inChannels, outChannels, height, width, 3, 2, padding, activation);
                foreach (VectorWidth? path in KernelPaths.All())
                {
                    string context = $"{inputs}, {inChannels}->{outChannels} @ {height}x{width} p{padding}, {activation}, {KernelPaths.Name(path)}";
                    using var workspace = new PlanarWorkspace(Layout.Identity, input, inChannels, height * width, outChannels, outHeight * outWidth, random);
                    if (path is { } pinned)
                    {
                        StemConv3x3.Run(workspace.Input, inChannels, height, width, padding, packedWeights, packedBias, outChannels,
                            workspace.Output, outHeight, outWidth, activation, pinned);
                    }
                    else
                    {
                        StemConv3x3.Run(workspace.Input, inChannels, height, width, padding, packedWeights, packedBias, outChannels,
                            workspace.Output, outHeight, outWidth, activation);
                    }

                    Tolerance.AssertClose(expected, workspace.GatherOutput(), context);
                    workspace.AssertInputUntouched(context);
                }
            }
        }
    }

    [Fact]
    public void PackedLengthsRoundOutputChannelsUpToEight()
    {
        Assert.Equal(24 * 3 * 9, StemConv3x3.PackedWeightsLength(24, 3));
        Assert.Equal(16 * 2 * 9, StemConv3x3.PackedWeightsLength(9, 2));
        Assert.Equal(24, StemConv3x3.PackedBiasLength(17));
    }
}
