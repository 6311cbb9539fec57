using System;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>
/// A 1x1 conv or stem call split into parts (as the threads of a team run it) tiles the whole call bitwise
/// (<see cref="PartSplitAssert"/>). The share each part gets (pixels, channel blocks, rows) is the kernel's choice; the
/// test doesn't assume it.
/// </summary>
public sealed class PartSplitConvTests
{
    public static TheoryData<int, int, int> Conv1x1Shapes() => new()
    {
        // The V2 and V1 shapes: 28x28 and 56x56 (pixel split), 14x14 (12 vectors + a 4-pixel tail), 7x7 (channel split).
        { 24, 58, 3136 },
        { 58, 58, 784 },
        { 116, 116, 196 },
        { 232, 232, 49 },
        { 464, 1024, 49 },
        { 20, 72, 784 },
        { 80, 20, 784 },

        // Deep inputs, which the 16-register path sums in passes (the shortcut first): pixel splits of 14x14 and 28x28.
        { 512, 24, 196 },
        { 232, 16, 784 },
        { 256, 128, 784 },

        // Awkward: fewer channel blocks than parts, tails of every kind, a plane narrower than a vector.
        { 9, 3, 49 },
        { 17, 9, 197 },
        { 7, 17, 50 },
        { 5, 8, 13 },
        { 3, 5, 3 },
        { 33, 15, 97 },
    };

    [Theory]
    [MemberData(nameof(Conv1x1Shapes))]
    public void Conv1x1PartsTileTheWholeCall(int inChannels, int outChannels, int pixels)
    {
        Random random = TestData.Random(inChannels, outChannels, pixels, 5);
        float[] weights = TestData.Uniform(random, outChannels * inChannels);
        float[] bias = TestData.Uniform(random, outChannels);
        var packedWeights = new float[Conv1x1.PackedWeightsLength(outChannels, inChannels)];
        var packedBias = new float[Conv1x1.PackedBiasLength(outChannels)];
        Conv1x1.PackWeights(weights, bias, outChannels, inChannels, packedWeights, packedBias);

        // Input and output through plane tables (reversed input, output on odd planes of a twice-as-large buffer) and not.
        float[] input = TestData.Uniform(random, inChannels * pixels);
        int[] reversed = new int[inChannels];
        for (int c = 0; c < inChannels; c++) reversed[c] = inChannels - 1 - c;
        int[] odd = new int[outChannels];
        for (int c = 0; c < outChannels; c++) odd[c] = (2 * c) + 1;
        float[] residual = TestData.Uniform(random, 2 * outChannels * pixels);

        foreach (VectorWidth? path in KernelPaths.All())
        {
            foreach (bool tables in new[] { false, true })
            {
                foreach (bool withResidual in new[] { false, true })
                {
                    int outputFloats = (tables ? 2 : 1) * outChannels * pixels;
                    PartSplitAssert.TilesTheWholeCall($"1x1 {inChannels}->{outChannels} @ {pixels}, {KernelPaths.Name(path)}, tables {tables}, ReLU, residual {withResidual}",
                        () => new PartSplitAssert.BufferCase(outputFloats,
                            withResidual ? residual.AsSpan(0, outputFloats).ToArray() : null,
                            tables ? odd : Identity(outChannels), pixels,
                            (output, part) => Conv1x1Run(input, tables ? reversed : null, pixels, packedWeights, packedBias,
                                inChannels, outChannels, output, tables ? odd : null, withResidual, path, part)));
                }
            }
        }
    }

    public static TheoryData<int, int, int, int> StemShapes() => new()
    {
        { 3, 24, 224, 224 },
        { 3, 24, 9, 37 },
        { 2, 9, 5, 97 },
        { 3, 8, 1, 33 },
        { 1, 3, 3, 7 },
        { 41, 3, 4, 9 },
    };

    [Theory]
    [MemberData(nameof(StemShapes))]
    public void StemPartsTileTheWholeCall(int inChannels, int outChannels, int height, int width)
    {
        int outHeight = TestData.OutputSize(height, 2), outWidth = TestData.OutputSize(width, 2);
        Random random = TestData.Random(inChannels, outChannels, height, width, 5);
        float[] input = TestData.Uniform(random, inChannels * height * width);
        float[] weights = TestData.Uniform(random, outChannels * inChannels * 9);
        float[] bias = TestData.Uniform(random, outChannels);
        var packedWeights = new float[StemConv3x3.PackedWeightsLength(outChannels, inChannels)];
        var packedBias = new float[StemConv3x3.PackedBiasLength(outChannels)];
        StemConv3x3.PackWeights(weights, bias, outChannels, inChannels, packedWeights, packedBias);
        foreach (VectorWidth? path in KernelPaths.All())
        {
            PartSplitAssert.TilesTheWholeCall($"stem {inChannels}->{outChannels} @ {height}x{width}, {KernelPaths.Name(path)}",
                () => new PartSplitAssert.BufferCase(outChannels * outHeight * outWidth, null, Identity(outChannels), outHeight * outWidth, (output, part) =>
            {
                if (path is null)
                {
                    StemConv3x3.Run(input, inChannels, height, width, 1, packedWeights, packedBias, outChannels, output, outHeight, outWidth, Activation.Relu, part);
                }
                else
                {
                    StemConv3x3.Run(input, inChannels, height, width, 1, packedWeights, packedBias, outChannels, output, outHeight, outWidth, Activation.Relu, path.Value, part);
                }
            }));
        }
    }

    [Fact]
    public void Conv1x1SplitsLargePlanesOverPixelsAndSmallOnesOverChannels()
    {
        // With 4-lane vectors 28x28 has 196 vectors: each of 2 parts gets whole vectors of all channels. 28 pixels are 7 vectors,
        // fewer than 2 x PixelSplitVectors: the parts take channel blocks.
        const int inChannels = 16, outChannels = 16;
        foreach ((int pixels, bool overPixels) in new[] { (784, true), (28, false) })
        {
            var packedWeights = new float[Conv1x1.PackedWeightsLength(outChannels, inChannels)];
            var packedBias = new float[Conv1x1.PackedBiasLength(outChannels)];
            packedBias.AsSpan().Fill(1f);
            var output = new float[outChannels * pixels];
            output.AsSpan().Fill(float.NaN);
            Conv1x1.Run(new float[inChannels * pixels], default, pixels, packedWeights, packedBias, inChannels, outChannels,
                output, default, Activation.Identity, residual: false, VectorWidth.V128, new Part(0, 2));
            bool everyChannelWritten = true, everyPixelWritten = true;
            for (int c = 0; c < outChannels; c++)
            {
                everyChannelWritten &= !float.IsNaN(output[(c * pixels) + 0]);
            }

            for (int p = 0; p < pixels; p++)
            {
                everyPixelWritten &= !float.IsNaN(output[p]);
            }

            Assert.Equal(overPixels, everyChannelWritten);
            Assert.Equal(!overPixels, everyPixelWritten);
        }
    }

    private static void Conv1x1Run(float[] input, int[]? inputPlanes, int pixels, float[] packedWeights, float[] packedBias,
        int inChannels, int outChannels, Span<float> output, int[]? outputPlanes, bool residual, VectorWidth? path, Part part)
    {
        if (path is null)
        {
            Conv1x1.Run(input, inputPlanes, pixels, packedWeights, packedBias, inChannels, outChannels, output, outputPlanes, Activation.Relu, residual, part);
        }
        else
        {
            Conv1x1.Run(input, inputPlanes, pixels, packedWeights, packedBias, inChannels, outChannels, output, outputPlanes, Activation.Relu, residual, path.Value, part);
        }
    }

    private static int[] Identity(int count)
    {
        int[] planes = new int[count];
        for (int i = 0; i < count; i++) planes[i] = i;
        return planes;
    }
}
