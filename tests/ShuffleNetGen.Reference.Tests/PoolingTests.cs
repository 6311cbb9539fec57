using ShuffleNetGen.Generator.Graph;
using Xunit;

namespace ShuffleNetGen.Reference.Tests;

public class PoolingTests
{
    private static readonly TensorShape Image4x4 = new(1, 4, 4);
    private static readonly TensorShape Out2x2 = new(1, 2, 2);

    [Fact]
    public void MaxPool3x3Stride2Padding1_AllNegative_PaddingNeverWins()
    {
        var op = new MaxPoolOp("maxpool", "input", "maxpool:out", Image4x4, Out2x2, Kernel: 3, Stride: 2, Padding: 1);

        float[] output = TinyGraph.Run(TinyGraph.Of(Image4x4, op.Out, op), TinyGraph.Ramp(16, sign: -1f));

        // Input −1..−16; the corner window sees only −1, −2, −5, −6 (a zero pad would have won with 0).
        TinyGraph.AssertClose(new[] { -1.0, -2, -5, -6 }, output);
    }

    [Fact]
    public void AvgPool3x3Stride2Padding1_CountIncludePad_DividesByNine()
    {
        var op = new AvgPoolOp("pool", "input", "pool:out", Image4x4, Out2x2, Kernel: 3, Stride: 2, Padding: 1, CountIncludePad: true);

        float[] output = TinyGraph.Run(TinyGraph.Of(Image4x4, op.Out, op), TinyGraph.Ramp(16));

        // Windows: {1,2,5,6}, {2,3,4,6,7,8}, {5,6,9,10,13,14}, {6,7,8,10,11,12,14,15,16}, each over 9.
        TinyGraph.AssertClose(new[] { 14 / 9.0, 30 / 9.0, 57 / 9.0, 99 / 9.0 }, output);
    }

    [Fact]
    public void AvgPool3x3Stride2Padding1_ExcludingPad_DividesByTapsInside()
    {
        var op = new AvgPoolOp("pool", "input", "pool:out", Image4x4, Out2x2, Kernel: 3, Stride: 2, Padding: 1, CountIncludePad: false);

        float[] output = TinyGraph.Run(TinyGraph.Of(Image4x4, op.Out, op), TinyGraph.Ramp(16));

        TinyGraph.AssertClose(new[] { 14 / 4.0, 30 / 6.0, 57 / 6.0, 99 / 9.0 }, output);
    }

    [Fact]
    public void GlobalAveragePool_MeansEachPlane_PerImage()
    {
        var shape = new TensorShape(2, 2, 3);
        var op = new GlobalAvgPoolOp("mean", "input", "mean:out", shape);

        float[] output = TinyGraph.Run(TinyGraph.Of(shape, op.Out, op), TinyGraph.Ramp(24), batch: 2);

        // Planes 1..6, 7..12, 13..18, 19..24.
        TinyGraph.AssertClose(new[] { 3.5, 9.5, 15.5, 21.5 }, output);
    }
}
