using System;
using System.Collections.Generic;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Reference.Ops;

/// <summary><c>chunk(2, dim=1)</c>, <c>torch.cat(dim=1)</c> and the channel shuffle, as copies of whole channel planes.</summary>
internal static class NaiveChannelOps
{
    /// <summary>Channels [first, first + count) of every image.</summary>
    public static Activation Slice(Activation input, int first, int count)
    {
        var shape = input.Shape with { Channels = count };
        var output = new float[input.Batch * shape.Elements];
        for (int n = 0; n < input.Batch; n++)
        {
            Array.Copy(input.Data, input.PlaneOffset(n, first), output, n * shape.Elements, shape.Elements);
        }
        return new Activation(input.Batch, shape, output);
    }

    /// <summary><c>x.chunk(2, dim=1)</c> on an even channel count: the first half and the second half.</summary>
    public static (Activation First, Activation Second) Chunk2(Activation input)
    {
        int half = input.Shape.Channels / 2;
        return (Slice(input, 0, half), Slice(input, half, half));
    }

    /// <summary><c>torch.cat(parts, dim=1)</c>: per image, the parts' channels one after another.</summary>
    public static Activation Concat(IReadOnlyList<Activation> parts, TensorShape outShape)
    {
        int batch = parts[0].Batch;
        var output = new float[batch * outShape.Elements];
        for (int n = 0; n < batch; n++)
        {
            long offset = n * outShape.Elements;
            foreach (Activation part in parts)
            {
                Array.Copy(part.Data, n * part.Shape.Elements, output, offset, part.Shape.Elements);
                offset += part.Shape.Elements;
            }
        }
        return new Activation(batch, outShape, output);
    }

    /// <summary>
    /// The channel shuffle as the reference modules write it: view the channels as a (rows, cols) grid, transpose, flatten.
    /// torchvision's <c>channel_shuffle</c> views (g, C/g); megvii's ShuffleV1Block.channel_shuffle views (C/g, g).
    /// </summary>
    public static Activation Shuffle(Activation input, int groups, ShuffleOrder order)
    {
        int channels = input.Shape.Channels;
        if (channels % groups != 0) throw new InvalidOperationException($"{channels} channels do not shuffle in {groups} groups.");
        int rows = order == ShuffleOrder.Paper ? groups : channels / groups;
        int cols = channels / rows;
        int pixels = input.Shape.Pixels;
        var output = new float[input.Data.Length];
        for (int n = 0; n < input.Batch; n++)
        {
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < cols; c++)
                {
                    // Element (r, c) of the grid moves to (c, r) of the transposed grid.
                    Array.Copy(input.Data, input.PlaneOffset(n, r * cols + c), output, input.PlaneOffset(n, c * rows + r), pixels);
                }
            }
        }
        return new Activation(input.Batch, input.Shape, output);
    }
}
