using System;
using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Reference.Ops;

/// <summary>The activations (<c>nn.ReLU</c>, <c>nn.ReLU6</c>, <c>nn.Hardswish</c>, <c>nn.Hardsigmoid</c>) and the element-wise residual add.</summary>
internal static class NaiveElementwise
{
    public static Activation Activate(Activation input, ActivationKind kind)
    {
        Func<float, float> f = kind switch
        {
            ActivationKind.Identity => v => v,
            ActivationKind.Relu => Relu,
            ActivationKind.Relu6 => Relu6,
            ActivationKind.HardSwish => HardSwish,
            ActivationKind.HardSigmoid => HardSigmoid,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No reference semantics for this activation."),
        };
        var output = new float[input.Data.Length];
        for (int i = 0; i < output.Length; i++) output[i] = f(input.Data[i]);
        return new Activation(input.Batch, input.Shape, output);
    }

    /// <summary><c>torch.relu</c> is <c>clamp_min(x, 0)</c>: NaN stays NaN.</summary>
    public static float Relu(float x) => float.IsNaN(x) ? x : x > 0f ? x : 0f;

    /// <summary><c>nn.ReLU6</c> is <c>hardtanh(x, 0, 6)</c>, i.e. <c>clamp(x, 0, 6)</c>: NaN stays NaN.</summary>
    public static float Relu6(float x) => float.IsNaN(x) ? x : x < 0f ? 0f : x > 6f ? 6f : x;

    /// <summary><c>F.hardswish</c> as ATen's CPU kernel writes it: <c>x * min(max(x + 3, 0), 6) / 6</c> (so -inf gives NaN).</summary>
    public static float HardSwish(float x) => x * Relu6(x + 3f) / 6f;

    /// <summary><c>F.hardsigmoid</c>: <c>min(max(x + 3, 0), 6) / 6</c>.</summary>
    public static float HardSigmoid(float x) => Relu6(x + 3f) / 6f;

    /// <summary><c>scale * input</c> with a C×1×1 scale broadcast over each channel's plane (SqueezeExcitation's last line).</summary>
    public static Activation ScaleChannels(Activation input, Activation scale)
    {
        if (scale.Batch != input.Batch || scale.Shape.Channels != input.Shape.Channels || scale.Shape.Pixels != 1)
        {
            throw new InvalidOperationException($"Cannot scale {input.Shape} by {scale.Shape}.");
        }
        int channels = input.Shape.Channels, pixels = input.Shape.Pixels;
        var output = new float[input.Data.Length];
        for (int n = 0; n < input.Batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                float gate = scale.Data[n * channels + c];
                int plane = (n * channels + c) * pixels;
                for (int p = 0; p < pixels; p++) output[plane + p] = gate * input.Data[plane + p];
            }
        }
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
