using System;
using System.Collections.Generic;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Onnx.Tests.Export;

/// <summary>
/// Plain loops for each op, written from the PyTorch modules' definitions and summing in double: the oracle for the tiny graph.
/// Tensors are NCHW float arrays of the batch, at the shapes the ops declare.
/// </summary>
internal static class NaiveGraph
{
    public static float[] Run(LayerGraph graph, IReadOnlyDictionary<string, float[]> w, float[] input, int batch)
    {
        var t = new Dictionary<string, float[]>(StringComparer.Ordinal) { [graph.InputTensor] = input };
        var step = new Step(t, w, batch);
        foreach (LayerOp op in graph.Ops) op.Accept(step);
        return t[graph.OutputTensor];
    }

    /// <summary>Computes one op from the tensors so far and stores its outputs among them.</summary>
    private sealed class Step(Dictionary<string, float[]> t, IReadOnlyDictionary<string, float[]> w, int batch) : ILayerOpVisitor<bool>
    {
        public bool Visit(Conv2dOp c) => Set(c.Out, Conv(t[c.Input], batch, c, w[c.WeightKey], c.BiasKey is null ? null : w[c.BiasKey]));
        public bool Visit(BatchNormOp bn) => Set(bn.Out, BatchNorm(t[bn.Input], batch, bn, w));
        public bool Visit(ActivationOp a) => Set(a.Out, Map(t[a.Input], Activation(a.Kind)));
        public bool Visit(MaxPoolOp m) => Set(m.Out, Pool(t[m.Input], batch, m.InputShape, m.OutShape, m.Kernel, m.Stride, m.Padding, max: true));
        public bool Visit(AvgPoolOp a) => Set(a.Out, Pool(t[a.Input], batch, a.InputShape, a.OutShape, a.Kernel, a.Stride, a.Padding, max: false));
        public bool Visit(GlobalAvgPoolOp gap) => Set(gap.Out, GlobalMean(t[gap.Input], batch, gap.InputShape));
        public bool Visit(ConcatOp cat) => Set(cat.Out, Concat(t, cat, batch));
        public bool Visit(ChannelShuffleOp sh) => Set(sh.Out, Shuffle(t[sh.Input], batch, sh));
        public bool Visit(AddOp add) => Set(add.Out, Add(t[add.A], t[add.B]));
        public bool Visit(ChannelScaleOp se) => Set(se.Out, ScaleChannels(t[se.Input], t[se.Scale], se.Shape));
        public bool Visit(LinearOp fc) => Set(fc.Out, Linear(t[fc.Input], batch, fc, w[fc.WeightKey], fc.BiasKey is null ? null : w[fc.BiasKey]));

        public bool Visit(ChannelSplitOp s) =>
            Set(s.First, Channels(t[s.Input], batch, s.InputShape, 0, s.HalfShape.Channels))
            && Set(s.Second, Channels(t[s.Input], batch, s.InputShape, s.HalfShape.Channels, s.HalfShape.Channels));

        private bool Set(string tensor, float[] value)
        {
            t[tensor] = value;
            return true;
        }
    }

    /// <summary>torch.relu and hardtanh(0, 6) as clamps: NaN passes through both.</summary>
    private static Func<float, float> Activation(ActivationKind kind) => kind switch
    {
        ActivationKind.Identity => v => v,
        ActivationKind.Relu => v => float.IsNaN(v) ? v : Math.Max(v, 0f),
        ActivationKind.Relu6 => v => float.IsNaN(v) ? v : Math.Min(Math.Max(v, 0f), 6f),
        ActivationKind.HardSwish => v => v * Math.Min(Math.Max(v + 3f, 0f), 6f) / 6f,
        ActivationKind.HardSigmoid => v => Math.Min(Math.Max(v + 3f, 0f), 6f) / 6f,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static float[] Conv(float[] x, int batch, Conv2dOp c, float[] weight, float[]? bias)
    {
        TensorShape i = c.InputShape, o = c.OutShape;
        int inPerGroup = i.Channels / c.Groups, outPerGroup = o.Channels / c.Groups, k = c.Kernel;
        var y = new float[batch * o.Elements];
        for (int n = 0; n < batch; n++)
        for (int oc = 0; oc < o.Channels; oc++)
        for (int oy = 0; oy < o.Height; oy++)
        for (int ox = 0; ox < o.Width; ox++)
        {
            double sum = bias?[oc] ?? 0;
            int group = oc / outPerGroup;
            for (int ic = 0; ic < inPerGroup; ic++)
            for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++)
            {
                int iy = oy * c.Stride - c.Padding + ky, ix = ox * c.Stride - c.Padding + kx;
                if (iy < 0 || iy >= i.Height || ix < 0 || ix >= i.Width) continue;
                sum += (double)weight[((oc * inPerGroup + ic) * k + ky) * k + kx] * x[Index(i, n, group * inPerGroup + ic, iy, ix)];
            }
            y[Index(o, n, oc, oy, ox)] = (float)sum;
        }
        return y;
    }

    private static float[] BatchNorm(float[] x, int batch, BatchNormOp bn, IReadOnlyDictionary<string, float[]> w)
    {
        float[] gamma = w[bn.WeightKey], beta = w[bn.BiasKey], mean = w[bn.RunningMeanKey], variance = w[bn.RunningVarKey];
        var y = new float[x.Length];
        for (int n = 0; n < batch; n++)
        for (int c = 0; c < bn.Shape.Channels; c++)
        for (int p = 0; p < bn.Shape.Pixels; p++)
        {
            int at = Index(bn.Shape, n, c, 0, 0) + p;
            y[at] = (float)((x[at] - (double)mean[c]) / Math.Sqrt(variance[c] + bn.Epsilon) * gamma[c] + beta[c]);
        }
        return y;
    }

    /// <summary>MaxPool2d ignores padding; AvgPool2d(count_include_pad=True) divides by the full window.</summary>
    private static float[] Pool(float[] x, int batch, TensorShape i, TensorShape o, int k, int stride, int padding, bool max)
    {
        var y = new float[batch * o.Elements];
        for (int n = 0; n < batch; n++)
        for (int c = 0; c < o.Channels; c++)
        for (int oy = 0; oy < o.Height; oy++)
        for (int ox = 0; ox < o.Width; ox++)
        {
            double acc = max ? double.NegativeInfinity : 0;
            for (int ky = 0; ky < k; ky++)
            for (int kx = 0; kx < k; kx++)
            {
                int iy = oy * stride - padding + ky, ix = ox * stride - padding + kx;
                if (iy < 0 || iy >= i.Height || ix < 0 || ix >= i.Width) continue;
                double v = x[Index(i, n, c, iy, ix)];
                acc = max ? Math.Max(acc, v) : acc + v;
            }
            y[Index(o, n, c, oy, ox)] = (float)(max ? acc : acc / (k * k));
        }
        return y;
    }

    private static float[] Channels(float[] x, int batch, TensorShape s, int start, int count)
    {
        var y = new float[batch * count * s.Pixels];
        for (int n = 0; n < batch; n++)
        {
            Array.Copy(x, Index(s, n, start, 0, 0), y, n * count * s.Pixels, count * s.Pixels);
        }
        return y;
    }

    private static float[] Concat(Dictionary<string, float[]> t, ConcatOp cat, int batch)
    {
        var y = new float[batch * cat.OutShape.Elements];
        int offset = 0;
        for (int n = 0; n < batch; n++)
        {
            foreach (string part in cat.Parts)
            {
                int perImage = t[part].Length / batch;
                Array.Copy(t[part], n * perImage, y, offset, perImage);
                offset += perImage;
            }
        }
        if (offset != y.Length) throw new InvalidOperationException("Concat parts do not fill the output.");
        return y;
    }

    /// <summary>
    /// torchvision: view (g, C/g), transpose, flatten — out[j·g + i] = in[i·(C/g) + j].
    /// Megvii V1: view (C/g, g), permute, flatten — out[b·(C/g) + a] = in[a·g + b].
    /// </summary>
    private static float[] Shuffle(float[] x, int batch, ChannelShuffleOp sh)
    {
        TensorShape s = sh.Shape;
        int g = sh.Groups, perGroup = s.Channels / g;
        var source = new int[s.Channels];
        for (int a = 0; a < (sh.Order == ShuffleOrder.Paper ? g : perGroup); a++)
        for (int b = 0; b < (sh.Order == ShuffleOrder.Paper ? perGroup : g); b++)
        {
            if (sh.Order == ShuffleOrder.Paper) source[b * g + a] = a * perGroup + b;
            else source[b * perGroup + a] = a * g + b;
        }
        var y = new float[x.Length];
        for (int n = 0; n < batch; n++)
        for (int c = 0; c < s.Channels; c++)
        {
            Array.Copy(x, Index(s, n, source[c], 0, 0), y, Index(s, n, c, 0, 0), s.Pixels);
        }
        return y;
    }

    /// <summary>Each image's channel c times scale[n, c].</summary>
    private static float[] ScaleChannels(float[] x, float[] scale, TensorShape s)
    {
        var y = new float[x.Length];
        for (int i = 0; i < y.Length; i++) y[i] = scale[i / s.Pixels] * x[i];
        return y;
    }

    private static float[] Add(float[] a, float[] b)
    {
        var y = new float[a.Length];
        for (int i = 0; i < y.Length; i++) y[i] = a[i] + b[i];
        return y;
    }

    private static float[] GlobalMean(float[] x, int batch, TensorShape s)
    {
        var y = new float[batch * s.Channels];
        for (int n = 0; n < batch; n++)
        for (int c = 0; c < s.Channels; c++)
        {
            double sum = 0;
            for (int p = 0; p < s.Pixels; p++) sum += x[Index(s, n, c, 0, 0) + p];
            y[n * s.Channels + c] = (float)(sum / s.Pixels);
        }
        return y;
    }

    private static float[] Linear(float[] x, int batch, LinearOp fc, float[] weight, float[]? bias)
    {
        var y = new float[batch * fc.OutFeatures];
        for (int n = 0; n < batch; n++)
        for (int o = 0; o < fc.OutFeatures; o++)
        {
            double sum = bias?[o] ?? 0;
            for (int i = 0; i < fc.InFeatures; i++) sum += (double)weight[o * fc.InFeatures + i] * x[n * fc.InFeatures + i];
            y[n * fc.OutFeatures + o] = (float)sum;
        }
        return y;
    }

    private static float[] Map(float[] x, Func<float, float> f)
    {
        var y = new float[x.Length];
        for (int i = 0; i < y.Length; i++) y[i] = f(x[i]);
        return y;
    }

    private static int Index(TensorShape s, int n, int c, int y, int x) => ((n * s.Channels + c) * s.Height + y) * s.Width + x;
}
