using System;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>Wrong sizes throw <see cref="ArgumentException"/> naming the parameter, the expected and the actual size.</summary>
public sealed class ArgumentValidationTests
{
    private static void AssertRejects(string parameter, string expected, string actual, Action call)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(call);
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains($"expected {expected}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"got {actual}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conv1x1RejectsAnInputTooShortForItsHighestPlane()
    {
        var weights = new float[Conv1x1.PackedWeightsLength(3, 2)];
        var bias = new float[Conv1x1.PackedBiasLength(3)];
        AssertRejects("input", "at least 50", "49", () => Conv1x1.Run(new float[49], [0, 4], 10, weights, bias, 2, 3,
            new float[30], [], Activation.Identity, residual: false));
    }

    [Fact]
    public void Conv1x1RejectsAPlaneTableOfTheWrongLengthOrWithNegativeEntries()
    {
        var weights = new float[Conv1x1.PackedWeightsLength(3, 2)];
        var bias = new float[Conv1x1.PackedBiasLength(3)];
        AssertRejects("outputPlanes", "3 entries", "2", () => Conv1x1.Run(new float[20], [], 10, weights, bias, 2, 3,
            new float[30], [0, 1], Activation.Relu, residual: false));
        AssertRejects("inputPlanes", "a value of at least 0", "-1", () => Conv1x1.Run(new float[20], [1, -1], 10, weights, bias, 2, 3,
            new float[30], [], Activation.Relu, residual: false));
    }

    [Fact]
    public void Conv1x1RejectsUnpackedWeights()
    {
        AssertRejects("packedWeights", "16 floats", "6", () => Conv1x1.Run(new float[20], [], 10, new float[6], new float[8], 2, 3,
            new float[30], [], Activation.Relu, residual: true));
        AssertRejects("packedBias", "8 floats", "3", () => Conv1x1.Run(new float[20], [], 10, new float[16], new float[3], 2, 3,
            new float[30], [], Activation.Relu, residual: true));
        AssertRejects("packedWeights", "16 floats", "15", () => Conv1x1.PackWeights(new float[6], new float[3], 3, 2,
            new float[15], new float[8]));
    }

    [Fact]
    public void DepthwiseRejectsBadStrideOutputSizeAndParameters()
    {
        AssertRejects("stride", "1 or 2", "3", () => DepthwiseConv3x3.Run(new float[2 * 25], [], 5, 5, 3, new float[18], new float[2], 2,
            new float[2 * 4], [], 2, 2, Activation.Identity));
        AssertRejects("outWidth", "3", "2", () => DepthwiseConv3x3.Run(new float[2 * 25], [], 5, 5, 2, new float[18], new float[2], 2,
            new float[2 * 9], [], 3, 2, Activation.Identity));
        AssertRejects("weights", "18 floats", "9", () => DepthwiseConv3x3.Run(new float[2 * 25], [], 5, 5, 1, new float[9], new float[2], 2,
            new float[2 * 25], [], 5, 5, Activation.Relu));
        AssertRejects("output", "at least 75", "50", () => DepthwiseConv3x3.Run(new float[2 * 25], [], 5, 5, 1, new float[18], new float[2], 2,
            new float[2 * 25], [2, 0], 5, 5, Activation.Relu));
    }

    [Fact]
    public void PoolsRejectShortSpansAndBadSizes()
    {
        AssertRejects("input", "at least 50", "49", () => MaxPool3x3.Run(new float[49], 2, 5, 5, 2, 1, new float[18], 3, 3));
        AssertRejects("height", "at least 1", "0", () => MaxPool3x3.Run(new float[49], 2, 0, 5, 2, 1, new float[18], 1, 3));
        AssertRejects("outHeight", "5", "3", () => AvgPool3x3.Run(new float[50], [], 5, 5, 1, 2, new float[50], [], 3, 5, Activation.Identity));
        AssertRejects("output", "at least 2", "1", () => GlobalAveragePool.Run(new float[50], [], 25, 2, new float[1]));
    }

    [Fact]
    public void StemAndLinearRejectWrongLengths()
    {
        var weights = new float[StemConv3x3.PackedWeightsLength(8, 3)];
        AssertRejects("input", "at least 300", "299", () => StemConv3x3.Run(new float[299], 3, 10, 10, 1, weights, new float[8], 8,
            new float[200], 5, 5, Activation.Relu));
        AssertRejects("packedBias", "8 floats", "7", () => StemConv3x3.Run(new float[300], 3, 10, 10, 1, weights, new float[7], 8,
            new float[200], 5, 5, Activation.Relu));
        AssertRejects("padding", "0 or 1", "2", () => StemConv3x3.Run(new float[300], 3, 10, 10, 2, weights, new float[8], 8,
            new float[200], 5, 5, Activation.Relu));
        // Without padding a 10x10 image gives 4x4, not the padded 5x5; a 2-row image has no output row at all.
        AssertRejects("outHeight", "4", "5", () => StemConv3x3.Run(new float[300], 3, 10, 10, 0, weights, new float[8], 8,
            new float[200], 5, 5, Activation.Relu));
        AssertRejects("outHeight", "at least 3", "2", () => StemConv3x3.Run(new float[60], 3, 2, 10, 0, weights, new float[8], 8,
            new float[200], 1, 4, Activation.Relu));
        AssertRejects("weights", "12 floats", "11", () => Linear.Run(new float[4], 4, new float[11], [], 3, new float[3]));
        AssertRejects("bias", "3 floats", "2", () => Linear.Run(new float[4], 4, new float[12], new float[2], 3, new float[3]));
    }

    [Fact]
    public void KernelsRejectAnUndefinedActivation()
    {
        const Activation undefined = (Activation)7;
        const string expected = "one of Identity, Relu, Relu6, HardSwish, HardSigmoid";
        AssertRejects("activation", expected, "7", () => Conv1x1.Run(new float[20], [], 10, new float[16], new float[8], 2, 3,
            new float[30], [], undefined, residual: false));
        AssertRejects("activation", expected, "7", () => DepthwiseConv3x3.Run(new float[2 * 25], [], 5, 5, 1, new float[18], new float[2], 2,
            new float[2 * 25], [], 5, 5, undefined, new Part(3, 4)));
        AssertRejects("activation", expected, "7", () => AvgPool3x3.Run(new float[50], [], 5, 5, 1, 2, new float[50], [], 5, 5, undefined));
        AssertRejects("activation", expected, "7", () => StemConv3x3.Run(new float[300], 3, 10, 10, 1, new float[StemConv3x3.PackedWeightsLength(8, 3)],
            new float[8], 8, new float[200], 5, 5, undefined));
    }

    [Fact]
    public void BatchedLinearRejectsWrongLengthsAndSizes()
    {
        AssertRejects("input", "at least 12", "11", () => Linear.RunBatch(new float[11], 3, 4, new float[8], [], 2, new float[6]));
        AssertRejects("output", "at least 6", "5", () => Linear.RunBatch(new float[12], 3, 4, new float[8], [], 2, new float[5]));
        AssertRejects("weights", "8 floats", "9", () => Linear.RunBatch(new float[12], 3, 4, new float[9], [], 2, new float[6]));
        AssertRejects("bias", "2 floats", "3", () => Linear.RunBatch(new float[12], 3, 4, new float[8], new float[3], 2, new float[6]));
        AssertRejects("batch", "at least 1", "0", () => Linear.RunBatch(new float[12], 0, 4, new float[8], [], 2, new float[6]));
    }
}
