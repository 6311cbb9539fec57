using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Spec;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Lowering;

/// <summary>ShuffleMath.SourceChannel against a literal reshape → transpose → flatten of a tensor of channel indices.</summary>
public sealed class ShuffleNetV1ShuffleOrderTests
{
    /// <summary>
    /// megvii's ShuffleV1Block.channel_shuffle: reshape(c/g, g), permute to (g, c/g), flatten. The paper's (torchvision's)
    /// is reshape(g, c/g), permute to (c/g, g), flatten. Each output slot holds the index of the input channel it took.
    /// </summary>
    private static int[] ReshapeTransposeFlatten(int channels, int rows, int columns)
    {
        var grid = new int[rows, columns];
        for (int c = 0; c < channels; c++) grid[c / columns, c % columns] = c;
        var flat = new int[channels];
        int n = 0;
        for (int col = 0; col < columns; col++)
        {
            for (int row = 0; row < rows; row++) flat[n++] = grid[row, col];
        }
        return flat;
    }

    [Theory]
    [InlineData(6, 2)]
    [InlineData(60, 3)]
    [InlineData(12, 4)]
    [InlineData(48, 8)]
    [InlineData(21, 7)]
    [InlineData(5, 5)]
    [InlineData(9, 1)]
    public void SourceChannel_MatchesTheReferenceReshapes(int channels, int groups)
    {
        int[] megvii = ReshapeTransposeFlatten(channels, channels / groups, groups);
        int[] paper = ReshapeTransposeFlatten(channels, groups, channels / groups);
        for (int o = 0; o < channels; o++)
        {
            Assert.Equal(megvii[o], ShuffleMath.SourceChannel(o, channels, groups, ShuffleOrder.Megvii));
            Assert.Equal(paper[o], ShuffleMath.SourceChannel(o, channels, groups, ShuffleOrder.Paper));
        }
    }

    [Fact]
    public void MegviiOrder_IsTheInverseOfThePapers()
    {
        const int channels = 60, groups = 3;
        for (int o = 0; o < channels; o++)
        {
            int viaPaper = ShuffleMath.SourceChannel(o, channels, groups, ShuffleOrder.Paper);
            Assert.Equal(o, ShuffleMath.SourceChannel(viaPaper, channels, groups, ShuffleOrder.Megvii));
        }
    }
}
