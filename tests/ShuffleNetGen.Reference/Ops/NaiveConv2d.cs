using System;
using System.Threading.Tasks;
using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Reference.Ops;

/// <summary>
/// <c>nn.Conv2d</c> (square kernel, symmetric zero padding, groups) written from its definition:
/// out[n, o, y, x] = bias[o] + Σ over the input channels of o's group, ky, kx of w[o, i, ky, kx] · in[n, g·(C/G) + i, y·s − p + ky, x·s − p + kx],
/// taps outside the image reading zero. Sums in double; one task per (image, output channel).
/// </summary>
internal static class NaiveConv2d
{
    public static Activation Forward(Activation input, Conv2dOp op, float[] weight, float[]? bias)
    {
        TensorShape inShape = op.InputShape, outShape = op.OutShape;
        int groups = op.Groups, k = op.Kernel, stride = op.Stride, pad = op.Padding;
        if (inShape.Channels % groups != 0 || outShape.Channels % groups != 0)
        {
            throw new InvalidOperationException($"{op.Name}: {inShape.Channels} -> {outShape.Channels} channels do not divide into {groups} groups.");
        }
        int inPerGroup = inShape.Channels / groups, outPerGroup = outShape.Channels / groups;
        int batch = input.Batch;
        var output = new float[batch * outShape.Elements];

        float[] source = input.Data;
        Parallel.For(0, batch * outShape.Channels, task =>
        {
            int n = task / outShape.Channels, o = task % outShape.Channels;
            int group = o / outPerGroup;
            var sum = new double[outShape.Pixels];
            if (bias is not null) Array.Fill(sum, bias[o]);
            for (int i = 0; i < inPerGroup; i++)
            {
                int inPlane = input.PlaneOffset(n, group * inPerGroup + i);
                for (int ky = 0; ky < k; ky++)
                {
                    var (yStart, yEnd) = Inside(outShape.Height, inShape.Height, stride, ky - pad);
                    for (int kx = 0; kx < k; kx++)
                    {
                        var (xStart, xEnd) = Inside(outShape.Width, inShape.Width, stride, kx - pad);
                        double w = weight[((o * inPerGroup + i) * k + ky) * k + kx];
                        for (int y = yStart; y < yEnd; y++)
                        {
                            int inRow = inPlane + (y * stride + ky - pad) * inShape.Width + kx - pad;
                            int outRow = y * outShape.Width;
                            for (int x = xStart; x < xEnd; x++) sum[outRow + x] += w * source[inRow + x * stride];
                        }
                    }
                }
            }
            int outPlane = (n * outShape.Channels + o) * outShape.Pixels;
            for (int p = 0; p < sum.Length; p++) output[outPlane + p] = (float)sum[p];
        });
        return new Activation(batch, outShape, output);
    }

    /// <summary>
    /// The output positions [start, end) whose tap <c>o·stride + offset</c> lands inside [0, inSize);
    /// the others read the zero padding and add nothing.
    /// </summary>
    private static (int Start, int End) Inside(int outSize, int inSize, int stride, int offset)
    {
        int start = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int last = inSize - 1 - offset;
        int end = last < 0 ? 0 : Math.Min(outSize, last / stride + 1);
        return (start, Math.Max(start, end));
    }
}
