using System;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>
/// The PyTorch modules' definitions, written as plainly as possible in double precision over logical
/// <c>[C][H][W]</c> arrays (no plane tables, no packing): what every kernel path is compared against.
/// </summary>
internal static class NaiveReference
{
    /// <summary><c>activation(nn.Conv2d(inC, outC, 1)(x) (+ residual))</c>: a non-null <paramref name="residual"/> is added before the activation.</summary>
    public static double[] Conv1x1(float[] x, float[] w, float[] b, int inC, int outC, int pixels, Activation activation, float[]? residual)
    {
        var y = new double[outC * pixels];
        for (int o = 0; o < outC; o++)
        {
            for (int p = 0; p < pixels; p++)
            {
                double sum = b[o];
                for (int i = 0; i < inC; i++)
                {
                    sum += (double)w[(o * inC) + i] * x[(i * pixels) + p];
                }

                if (residual is not null)
                {
                    sum += residual[(o * pixels) + p];
                }

                y[(o * pixels) + p] = Activate(activation, sum);
            }
        }

        return y;
    }

    /// <summary><c>activation(nn.Conv2d(inC, outC, 3, stride, padding=1, groups)(x))</c> with zero padding.</summary>
    public static double[] Conv3x3(float[] x, float[] w, float[] b, int inC, int outC, int groups, int h, int wd, int stride, Activation activation) =>
        Conv(x, w, b, inC, outC, groups, h, wd, kernel: 3, stride, activation);

    /// <summary>
    /// <c>activation(nn.Conv2d(inC, outC, kernel, stride, padding=(kernel - 1) / 2, groups)(x))</c> with zero padding, weights
    /// <c>[outC][inC / groups][kernel][kernel]</c>.
    /// </summary>
    public static double[] Conv(float[] x, float[] w, float[] b, int inC, int outC, int groups, int h, int wd, int kernel, int stride, Activation activation)
    {
        int pad = (kernel - 1) / 2;
        int oh = ((h + (2 * pad) - kernel) / stride) + 1;
        int ow = ((wd + (2 * pad) - kernel) / stride) + 1;
        int inPerGroup = inC / groups;
        int outPerGroup = outC / groups;
        int taps = kernel * kernel;
        var y = new double[outC * oh * ow];
        for (int o = 0; o < outC; o++)
        {
            int group = o / outPerGroup;
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    double sum = b[o];
                    for (int gi = 0; gi < inPerGroup; gi++)
                    {
                        int i = (group * inPerGroup) + gi;
                        for (int ky = 0; ky < kernel; ky++)
                        {
                            for (int kx = 0; kx < kernel; kx++)
                            {
                                int iy = (oy * stride) + ky - pad;
                                int ix = (ox * stride) + kx - pad;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < wd)
                                {
                                    sum += (double)w[(((o * inPerGroup) + gi) * taps) + (ky * kernel) + kx] * x[(((i * h) + iy) * wd) + ix];
                                }
                            }
                        }
                    }

                    y[(((o * oh) + oy) * ow) + ox] = Activate(activation, sum);
                }
            }
        }

        return y;
    }

    /// <summary><c>activation(nn.Conv2d(inC, outC, k, stride, padding)(x))</c>, dense, with zero padding.</summary>
    public static double[] ConvKxK(float[] x, float[] w, float[] b, int inC, int outC, int h, int wd, int k, int stride, int padding, Activation activation)
    {
        int oh = ((h + (2 * padding) - k) / stride) + 1;
        int ow = ((wd + (2 * padding) - k) / stride) + 1;
        var y = new double[outC * oh * ow];
        for (int o = 0; o < outC; o++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    double sum = b[o];
                    for (int i = 0; i < inC; i++)
                    {
                        for (int ky = 0; ky < k; ky++)
                        {
                            for (int kx = 0; kx < k; kx++)
                            {
                                int iy = (oy * stride) + ky - padding;
                                int ix = (ox * stride) + kx - padding;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < wd)
                                {
                                    sum += (double)w[(((((o * inC) + i) * k) + ky) * k) + kx] * x[(((i * h) + iy) * wd) + ix];
                                }
                            }
                        }
                    }

                    y[(((o * oh) + oy) * ow) + ox] = Activate(activation, sum);
                }
            }
        }

        return y;
    }

    /// <summary>
    /// <c>nn.MaxPool2d(3, stride, padding=0, ceil_mode)</c> at the given output size: a window reaching past the bottom or
    /// right edge (ceil mode) takes the taps inside.
    /// </summary>
    public static double[] MaxPool3x3Unpadded(float[] x, int channels, int h, int wd, int stride, int oh, int ow)
    {
        var y = new double[channels * oh * ow];
        for (int c = 0; c < channels; c++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    double result = double.NegativeInfinity;
                    for (int iy = oy * stride; iy < Math.Min((oy * stride) + 3, h); iy++)
                    {
                        for (int ix = ox * stride; ix < Math.Min((ox * stride) + 3, wd); ix++)
                        {
                            result = Math.Max(result, x[(((c * h) + iy) * wd) + ix]);
                        }
                    }

                    y[(((c * oh) + oy) * ow) + ox] = result;
                }
            }
        }

        return y;
    }

    /// <summary><c>nn.MaxPool2d(3, stride, padding=1)</c> (<paramref name="max"/>) or <c>nn.AvgPool2d(3, stride, padding=1)</c>, count_include_pad=True.</summary>
    public static double[] Pool3x3(float[] x, int channels, int h, int wd, int stride, bool max)
    {
        int oh = ((h + 2 - 3) / stride) + 1;
        int ow = ((wd + 2 - 3) / stride) + 1;
        var y = new double[channels * oh * ow];
        for (int c = 0; c < channels; c++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    double result = max ? double.NegativeInfinity : 0;
                    for (int iy = (oy * stride) - 1; iy <= (oy * stride) + 1; iy++)
                    {
                        for (int ix = (ox * stride) - 1; ix <= (ox * stride) + 1; ix++)
                        {
                            if (iy >= 0 && iy < h && ix >= 0 && ix < wd)
                            {
                                double v = x[(((c * h) + iy) * wd) + ix];
                                result = max ? Math.Max(result, v) : result + v;
                            }
                        }
                    }

                    y[(((c * oh) + oy) * ow) + ox] = max ? result : result / 9;
                }
            }
        }

        return y;
    }

    /// <summary>
    /// <c>nn.ReLU</c> is <c>clamp_min(x, 0)</c> and <c>nn.ReLU6</c> is <c>hardtanh(x, 0, 6)</c>: both keep NaN (PyTorch's clamp
    /// propagates it), as <see cref="Math.Max(double, double)"/> and <see cref="Math.Min(double, double)"/> do.
    /// </summary>
    public static double Activate(Activation activation, double x) => activation switch
    {
        Activation.Identity => x,
        Activation.Relu => Math.Max(x, 0),
        Activation.Relu6 => Math.Min(Math.Max(x, 0), 6),
        Activation.HardSwish => x * Math.Min(Math.Max(x + 3, 0), 6) / 6,
        Activation.HardSigmoid => Math.Min(Math.Max(x + 3, 0), 6) / 6,
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary><c>x.mean([2, 3])</c>.</summary>
    public static double[] GlobalAveragePool(float[] x, int channels, int pixels)
    {
        var y = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int p = 0; p < pixels; p++)
            {
                sum += x[(c * pixels) + p];
            }

            y[c] = sum / pixels;
        }

        return y;
    }

    /// <summary><c>nn.Linear(inF, outF, bias)</c>: <c>x W^T + b</c>.</summary>
    public static double[] Linear(float[] x, float[] w, float[]? b, int inF, int outF)
    {
        var y = new double[outF];
        for (int o = 0; o < outF; o++)
        {
            double sum = b is null ? 0 : b[o];
            for (int i = 0; i < inF; i++)
            {
                sum += (double)w[(o * inF) + i] * x[i];
            }

            y[o] = sum;
        }

        return y;
    }
}
