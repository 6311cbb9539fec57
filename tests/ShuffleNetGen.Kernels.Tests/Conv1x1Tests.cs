using System;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

public sealed class Conv1x1Tests
{
    private static readonly int[] Channels = [1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 24, 58];
    private static readonly (int Height, int Width)[] Sizes = [(1, 1), (2, 3), (7, 7), (15, 7), (18, 17), (25, 33)];

    /// <summary>
    /// Every store: ShuffleNet's plain conv, conv + ReLU and V1's residual add + ReLU; MobileNet V2's ReLU6 and its projection's
    /// residual add with no activation; MobileNet V3's h-swish, and the hard sigmoid (with a residual, to reach that store too).
    /// </summary>
    private static readonly (Activation Activation, bool Residual)[] Stores =
        [(Activation.Identity, false), (Activation.Relu, false), (Activation.Relu, true), (Activation.Relu6, false), (Activation.Identity, true),
         (Activation.HardSwish, false), (Activation.HardSigmoid, true)];

    /// <summary>Every awkward channel count as input and as output at every awkward size, plus the V2 1.0x shapes.</summary>
    public static TheoryData<int, int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int, int>();
        for (int i = 0; i < Channels.Length; i++)
        {
            foreach ((int height, int width) in Sizes)
            {
                data.Add(Channels[i], Channels[((i * 5) + 3) % Channels.Length], height, width);
            }
        }

        data.Add(24, 58, 56, 56);
        data.Add(116, 116, 28, 28);
        data.Add(464, 464, 7, 7);

        // Pixel tails of at most 4 pixels go pixel by pixel: 16+1, 16+4, 32+4, 8+2, 4+1, and 14x14 = 12x16 + 4 (AVX2: 24x8 + 4).
        data.Add(58, 24, 1, 17);
        data.Add(17, 9, 4, 5);
        data.Add(24, 17, 3, 12);
        data.Add(9, 58, 2, 5);
        data.Add(7, 3, 1, 5);
        data.Add(232, 116, 14, 14);

        // Tiles of 3 vectors: exactly 3, 3 + 1, 3 + 2, 2 x 3 + a one-pixel tail, 3 + a four-pixel tail.
        data.Add(17, 9, 1, 48);
        data.Add(9, 17, 1, 64);
        data.Add(16, 8, 1, 80);
        data.Add(33, 15, 1, 97);
        data.Add(8, 24, 4, 13);

        // Tails of 2-4 pixels in one pass per block: 16 + 3 with an odd input count, 3 x 16 + 3, 16 + 2 with 58 inputs.
        data.Add(9, 17, 1, 19);
        data.Add(16, 11, 3, 17);
        data.Add(58, 9, 2, 9);

        // A tail whose gathered columns would not fit the stack buffer (4 x 2100 > 8192 floats): the masked tile instead.
        data.Add(2100, 9, 14, 14);

        // Several pixel panels (one 3-vector tile each at 200 inputs): 48 + 48 + a last panel of 3 vectors and a masked 6.
        data.Add(200, 24, 3, 50);

        // More than 192 inputs go in passes of at most 128 that leave partial sums in the output rows (16 registers): 3 passes
        // of 100 with a last tile of 13 pixels through the scratch rows, 5 passes of 104 with a 2-pixel tail.
        data.Add(300, 13, 1, 37);
        data.Add(520, 9, 1, 26);

        // More input channels than the 16-register path keeps row pointers for on the stack (4096): a heap table, 33 passes.
        data.Add(4100, 9, 1, 30);

        // Deep inputs over a small plane (7x7 and 3x10 are one panel each) and a 14x14 plane of several panels, 2 to 4 passes.
        data.Add(464, 17, 7, 7);
        data.Add(1024, 8, 3, 10);
        data.Add(512, 12, 14, 14);

        // At least 16 blocks of outputs over a plane larger than 3 tiles: each chunk's columns packed per panel.
        data.Add(300, 130, 14, 14);
        data.Add(40, 128, 9, 11);

        // 8-15 blocks over planes of a multiple of 1 KB (every 4th input row in the same L1 sets): packed on 16 registers too.
        data.Add(32, 60, 16, 16);
        data.Add(36, 64, 8, 64);

        // More output channels than the kernel keeps row pointers for on the stack (2048): rows looked up per panel.
        data.Add(130, 2056, 2, 75);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EveryPathMatchesNaiveConvolution(int inChannels, int outChannels, int height, int width)
    {
        int pixels = height * width;
        Random random = TestData.Random(inChannels, outChannels, height, width);
        float[] finite = TestData.Uniform(random, inChannels * pixels);
        float[] weights = TestData.Uniform(random, outChannels * inChannels);
        float[] bias = TestData.Uniform(random, outChannels);
        float[] residual = TestData.Uniform(random, outChannels * pixels);
        var packedWeights = new float[Conv1x1.PackedWeightsLength(outChannels, inChannels)];
        var packedBias = new float[Conv1x1.PackedBiasLength(outChannels)];
        Conv1x1.PackWeights(weights, bias, outChannels, inChannels, packedWeights, packedBias);

        // The V2-sized shapes only run two combinations: the small ones already cover every combination.
        foreach ((string inputs, float[] input) in TestData.FiniteAndNonFinite(finite, inChannels, height, width))
        {
            bool large = inChannels * outChannels * pixels > 1_000_000;
            foreach ((Activation activation, bool withResidual) in Stores)
            {
                if (large && (activation, withResidual) is not ((Activation.Identity, false) or (Activation.Relu, true)))
                {
                    continue;
                }

                float[]? initial = withResidual ? residual : null;
                double[] expected = NaiveReference.Conv1x1(input, weights, bias, inChannels, outChannels, pixels, activation, initial);
                foreach (Layout layout in large ? [withResidual ? Layout.Interleaved : Layout.Identity] : new[] { Layout.Identity, Layout.Interleaved })
                {
                    foreach (VectorWidth? path in KernelPaths.All())
                    {
                        string context = $"{inputs}, {inChannels}->{outChannels} @ {height}x{width}, {activation}, residual {withResidual}, {layout}, {KernelPaths.Name(path)}";
                        using var workspace = new PlanarWorkspace(layout, input, inChannels, pixels, outChannels, pixels, random, initial);
                        if (path is { } pinned)
                        {
                            Conv1x1.Run(workspace.Input, workspace.InputPlanes, pixels, packedWeights, packedBias, inChannels, outChannels,
                                workspace.Output, workspace.OutputPlanes, activation, withResidual, pinned);
                        }
                        else
                        {
                            Conv1x1.Run(workspace.Input, workspace.InputPlanes, pixels, packedWeights, packedBias, inChannels, outChannels,
                                workspace.Output, workspace.OutputPlanes, activation, withResidual);
                        }

                        Tolerance.AssertClose(expected, workspace.GatherOutput(), context);
                        workspace.AssertInputUntouched(context);
                    }
                }
            }
        }
    }

    [Fact]
    public void PackedLengthsRoundOutputChannelsUpToEight()
    {
        Assert.Equal(16 * 5, Conv1x1.PackedWeightsLength(9, 5));
        Assert.Equal(8 * 3, Conv1x1.PackedWeightsLength(8, 3));
        Assert.Equal(64, Conv1x1.PackedBiasLength(58));
        Assert.Equal(8, Conv1x1.PackedBiasLength(1));
    }
}
