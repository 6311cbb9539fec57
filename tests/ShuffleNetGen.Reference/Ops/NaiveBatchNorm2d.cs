using System;
using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Reference.Ops;

/// <summary><c>nn.BatchNorm2d</c> in eval mode, unfolded: y = (x − running_mean) / sqrt(running_var + eps) · weight + bias, per channel, in double.</summary>
internal static class NaiveBatchNorm2d
{
    public static Activation Forward(Activation input, BatchNormOp op, float[] gamma, float[] beta, float[] mean, float[] variance)
    {
        TensorShape shape = op.Shape;
        var output = new float[input.Data.Length];
        for (int n = 0; n < input.Batch; n++)
        {
            for (int c = 0; c < shape.Channels; c++)
            {
                double std = Math.Sqrt((double)variance[c] + op.Epsilon);
                int plane = input.PlaneOffset(n, c);
                for (int p = 0; p < shape.Pixels; p++)
                {
                    output[plane + p] = (float)(((double)input.Data[plane + p] - mean[c]) / std * gamma[c] + beta[c]);
                }
            }
        }
        return new Activation(input.Batch, shape, output);
    }
}
