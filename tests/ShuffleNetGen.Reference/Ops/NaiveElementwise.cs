using System;

namespace ShuffleNetGen.Reference.Ops;

/// <summary><c>nn.ReLU</c> and the element-wise residual add.</summary>
internal static class NaiveElementwise
{
    public static Activation Relu(Activation input)
    {
        var output = new float[input.Data.Length];
        for (int i = 0; i < output.Length; i++) output[i] = input.Data[i] > 0f ? input.Data[i] : 0f;
        return new Activation(input.Batch, input.Shape, output);
    }

    public static Activation Add(Activation a, Activation b)
    {
        if (a.Shape != b.Shape || a.Batch != b.Batch) throw new InvalidOperationException($"Cannot add {a.Shape} and {b.Shape}.");
        var output = new float[a.Data.Length];
        for (int i = 0; i < output.Length; i++) output[i] = (float)((double)a.Data[i] + b.Data[i]);
        return new Activation(a.Batch, a.Shape, output);
    }
}
