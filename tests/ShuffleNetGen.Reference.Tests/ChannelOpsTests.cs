using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;
using Xunit;

namespace ShuffleNetGen.Reference.Tests;

public class ChannelOpsTests
{
    // Expected orders written out from the modules' reshape/transpose, for c = 6:
    // torchvision channel_shuffle(x, g): view (g, c/g) → transpose(1, 2) → out[j·g + i] = in[i·(c/g) + j].
    //   g = 2: grid [[0,1,2],[3,4,5]] read column by column → 0,3,1,4,2,5.   g = 3: [[0,1],[2,3],[4,5]] → 0,2,4,1,3,5.
    // megvii ShuffleV1Block.channel_shuffle: reshape (c/g, g) → permute(0, 2, 1) → out[i·(c/g) + j] = in[j·g + i].
    //   g = 2: grid [[0,1],[2,3],[4,5]] → 0,2,4,1,3,5.                        g = 3: [[0,1,2],[3,4,5]] → 0,3,1,4,2,5.
    [Theory]
    [InlineData(2, false, new[] { 0, 3, 1, 4, 2, 5 })]
    [InlineData(3, false, new[] { 0, 2, 4, 1, 3, 5 })]
    [InlineData(2, true, new[] { 0, 2, 4, 1, 3, 5 })]
    [InlineData(3, true, new[] { 0, 3, 1, 4, 2, 5 })]
    public void Shuffle_SixChannels_MatchesReshapeTransposeOrder(int groups, bool megviiOrder, int[] sources)
    {
        ShuffleOrder order = megviiOrder ? ShuffleOrder.Megvii : ShuffleOrder.Paper;
        var shape = new TensorShape(6, 1, 2);
        var op = new ChannelShuffleOp("shuffle", "input", "shuffle:out", shape, groups, order);
        // Channel c holds (c, c + 0.5), so each output plane names its source.
        var input = new float[12];
        for (int c = 0; c < 6; c++) { input[2 * c] = c; input[2 * c + 1] = c + 0.5f; }

        float[] output = TinyGraph.Run(TinyGraph.Of(shape, op.Out, op), input);

        TinyGraph.AssertClose(sources.SelectMany(s => new[] { (double)s, s + 0.5 }).ToArray(), output);
        Assert.Equal(sources, Enumerable.Range(0, 6).Select(op.SourceChannel).ToArray());
    }

    [Theory]
    [InlineData(12, 2)]
    [InlineData(12, 3)]
    [InlineData(24, 8)]
    public void ShuffleOrders_AreInversePermutations(int channels, int groups)
    {
        for (int c = 0; c < channels; c++)
        {
            int viaMegvii = ShuffleMath.SourceChannel(c, channels, groups, ShuffleOrder.Megvii);
            Assert.Equal(c, ShuffleMath.SourceChannel(viaMegvii, channels, groups, ShuffleOrder.Paper));
        }
    }

    [Fact]
    public void ChunkThenCatSwapped_MovesHalvesPerImage()
    {
        var shape = new TensorShape(4, 1, 1);
        var split = new ChannelSplitOp("chunk", "input", "chunk:first", "chunk:second", shape);
        var cat = new ConcatOp("cat", new[] { "chunk:second", "chunk:first" }.ToImmutableEquatableArray(), "cat:out", shape);

        float[] output = TinyGraph.Run(TinyGraph.Of(shape, cat.Out, split, cat), TinyGraph.Ramp(8), batch: 2);

        TinyGraph.AssertClose(new[] { 3.0, 4, 1, 2, 7, 8, 5, 6 }, output);
    }

    [Fact]
    public void Cat_OfUnequalParts_KeepsEachImageContiguous()
    {
        // cat(x, chunk(x)[0]) on a 2-channel 1x2 image, batch 2: per image [ch0, ch1, ch0].
        var shape = new TensorShape(2, 1, 2);
        var split = new ChannelSplitOp("chunk", "input", "chunk:first", "chunk:second", shape);
        var cat = new ConcatOp("cat", new[] { "input", "chunk:first" }.ToImmutableEquatableArray(), "cat:out", new TensorShape(3, 1, 2));

        float[] output = TinyGraph.Run(TinyGraph.Of(shape, cat.Out, split, cat), TinyGraph.Ramp(8), batch: 2);

        TinyGraph.AssertClose(new[] { 1.0, 2, 3, 4, 1, 2, 5, 6, 7, 8, 5, 6 }, output);
    }
}
