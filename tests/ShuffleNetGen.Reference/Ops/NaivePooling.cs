using System;
using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Reference.Ops;

/// <summary><c>nn.MaxPool2d</c>, <c>nn.AvgPool2d</c> and <c>x.mean([2, 3])</c>, window by window.</summary>
internal static class NaivePooling
{
    /// <summary>MaxPool2d pads with −∞: only taps inside the image compete.</summary>
    public static Activation Max(Activation input, MaxPoolOp op)
    {
        TensorShape inShape = op.InputShape, outShape = op.OutShape;
        var output = new float[input.Batch * outShape.Elements];
        for (int n = 0; n < input.Batch; n++)
        {
            for (int c = 0; c < outShape.Channels; c++)
            {
                int inPlane = input.PlaneOffset(n, c), outPlane = (n * outShape.Channels + c) * outShape.Pixels;
                for (int y = 0; y < outShape.Height; y++)
                {
                    for (int x = 0; x < outShape.Width; x++)
                    {
                        float best = float.NegativeInfinity;
                        for (int ky = 0; ky < op.Kernel; ky++)
                        {
                            int iy = y * op.Stride - op.Padding + ky;
                            if (iy < 0 || iy >= inShape.Height) continue;
                            for (int kx = 0; kx < op.Kernel; kx++)
                            {
                                int ix = x * op.Stride - op.Padding + kx;
                                if (ix < 0 || ix >= inShape.Width) continue;
                                best = Math.Max(best, input.Data[inPlane + iy * inShape.Width + ix]);
                            }
                        }
                        output[outPlane + y * outShape.Width + x] = best;
                    }
                }
            }
        }
        return new Activation(input.Batch, outShape, output);
    }

    /// <summary>
    /// AvgPool2d: the padded taps read zero; with count_include_pad=True the divisor is the whole window, k·k
    /// (ceil_mode=False never lets a window reach past the padding), otherwise the number of taps inside the image.
    /// </summary>
    public static Activation Average(Activation input, AvgPoolOp op)
    {
        TensorShape inShape = op.InputShape, outShape = op.OutShape;
        var output = new float[input.Batch * outShape.Elements];
        for (int n = 0; n < input.Batch; n++)
        {
            for (int c = 0; c < outShape.Channels; c++)
            {
                int inPlane = input.PlaneOffset(n, c), outPlane = (n * outShape.Channels + c) * outShape.Pixels;
                for (int y = 0; y < outShape.Height; y++)
                {
                    for (int x = 0; x < outShape.Width; x++)
                    {
                        double sum = 0;
                        int inside = 0;
                        for (int ky = 0; ky < op.Kernel; ky++)
                        {
                            int iy = y * op.Stride - op.Padding + ky;
                            if (iy < 0 || iy >= inShape.Height) continue;
                            for (int kx = 0; kx < op.Kernel; kx++)
                            {
                                int ix = x * op.Stride - op.Padding + kx;
                                if (ix < 0 || ix >= inShape.Width) continue;
                                sum += input.Data[inPlane + iy * inShape.Width + ix];
                                inside++;
                            }
                        }
                        int divisor = op.CountIncludePad ? op.Kernel * op.Kernel : inside;
                        output[outPlane + y * outShape.Width + x] = (float)(sum / divisor);
                    }
                }
            }
        }
        return new Activation(input.Batch, outShape, output);
    }

    /// <summary><c>x.mean([2, 3])</c>: each channel's plane to one value.</summary>
    public static Activation GlobalAverage(Activation input, GlobalAvgPoolOp op)
    {
        TensorShape inShape = op.InputShape;
        var output = new float[input.Batch * inShape.Channels];
        for (int n = 0; n < input.Batch; n++)
        {
            for (int c = 0; c < inShape.Channels; c++)
            {
                int plane = input.PlaneOffset(n, c);
                double sum = 0;
                for (int p = 0; p < inShape.Pixels; p++) sum += input.Data[plane + p];
                output[n * inShape.Channels + c] = (float)(sum / inShape.Pixels);
            }
        }
        return new Activation(input.Batch, op.OutputShape, output);
    }
}
