using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Reference.Ops;

/// <summary><c>nn.Linear</c> on the flattened C×1×1 features: out[n, o] = bias[o] + Σ_i weight[o, i] · x[n, i], in double.</summary>
internal static class NaiveLinear
{
    public static Activation Forward(Activation input, LinearOp op, float[] weight, float[]? bias)
    {
        var output = new float[input.Batch * op.OutFeatures];
        for (int n = 0; n < input.Batch; n++)
        {
            for (int o = 0; o < op.OutFeatures; o++)
            {
                double sum = bias is null ? 0 : bias[o];
                for (int i = 0; i < op.InFeatures; i++)
                {
                    sum += (double)weight[o * op.InFeatures + i] * input.Data[n * op.InFeatures + i];
                }
                output[n * op.OutFeatures + o] = (float)sum;
            }
        }
        return new Activation(input.Batch, op.OutputShape, output);
    }
}
