using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// <c>nn.MaxPool2d(3, stride, padding=1)</c> over contiguous planes (the stem's pool): padding is never
/// the maximum, so a window only looks at the taps inside the image.
/// </summary>
public static class MaxPool3x3
{
    /// <summary>Pools one image with the widest SIMD path this machine accelerates.</summary>
    /// <param name="input">Planes <c>0..channels-1</c> of <paramref name="height"/> x <paramref name="width"/> floats.</param>
    /// <param name="channels">Channels.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="stride">1 or 2.</param>
    /// <param name="output">Planes <c>0..channels-1</c> of <paramref name="outHeight"/> x <paramref name="outWidth"/> floats.</param>
    /// <param name="outHeight">Output height, <c>(height - 1) / stride + 1</c>.</param>
    /// <param name="outWidth">Output width, <c>(width - 1) / stride + 1</c>.</param>
    /// <exception cref="ArgumentException">A size is wrong or a span is too short.</exception>
    public static void Run(ReadOnlySpan<float> input, int channels, int height, int width, int stride,
        Span<float> output, int outHeight, int outWidth) =>
        Run(input, channels, height, width, stride, output, outHeight, outWidth, KernelDispatch.Widest);

    /// <summary>Pools with at most <paramref name="vectorWidth"/>-bit vectors (tests pin each path this way).</summary>
    internal static void Run(ReadOnlySpan<float> input, int channels, int height, int width, int stride,
        Span<float> output, int outHeight, int outWidth, VectorWidth vectorWidth)
    {
        var window = Window.Validate(input, [], height, width, stride, channels, output, [], outHeight, outWidth);
        int lanesAvailable = stride == 1 ? width - 2 : (width - 3) / 2;
        switch (KernelDispatch.Fit(vectorWidth, lanesAvailable))
        {
            case VectorWidth.V512:
                RunVector<Vector512<float>, Vector512Ops>(window);
                break;
            case VectorWidth.V256:
                RunVector<Vector256<float>, Vector256Ops>(window);
                break;
            case VectorWidth.V128:
                RunVector<Vector128<float>, Vector128Ops>(window);
                break;
            default:
                RunScalar(window);
                break;
        }
    }

    /// <summary>The plain loop nest over a validated window: the scalar path and the twin the SIMD paths are tested beside.</summary>
    internal static void RunScalar(in Window window)
    {
        for (int c = 0; c < window.Channels; c++)
        {
            ReadOnlySpan<float> plane = window.Input.Slice(c * window.InputPixels, window.InputPixels);
            Span<float> destination = window.Output.Slice(c * window.OutputPixels, window.OutputPixels);
            for (int oy = 0; oy < window.OutHeight; oy++)
            {
                for (int ox = 0; ox < window.OutWidth; ox++)
                {
                    destination[(oy * window.OutWidth) + ox] = Point(plane, window.Height, window.Width, window.Stride, oy, ox);
                }
            }
        }
    }

    /// <summary>
    /// Same row scheme as <see cref="DepthwiseConv3x3"/>: scalar border columns, whole interior vectors, the
    /// last one overlapping. A missing row above or below is replaced by the middle row, which max ignores.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunVector<TVec, TOps>(in Window window)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int lanes = TOps.Count;
        int height = window.Height, width = window.Width, stride = window.Stride;
        int outHeight = window.OutHeight, outWidth = window.OutWidth;
        int lastStart = stride == 1 ? width - 1 - lanes : Math.Min((width - 1 - (2 * lanes)) / 2, outWidth - lanes);
        fixed (float* input = window.Input)
        fixed (float* output = window.Output)
        {
            for (int c = 0; c < window.Channels; c++)
            {
                ReadOnlySpan<float> plane = window.Input.Slice(c * window.InputPixels, window.InputPixels);
                float* source = input + ((nint)c * window.InputPixels);
                for (int oy = 0; oy < outHeight; oy++)
                {
                    int middleRow = oy * stride;
                    float* middle = source + ((nint)middleRow * width);
                    float* top = middleRow > 0 ? middle - width : middle;
                    float* bottom = middleRow + 1 < height ? middle + width : middle;
                    float* row = output + ((nint)c * window.OutputPixels) + ((nint)oy * outWidth);

                    row[0] = Point(plane, height, width, stride, oy, 0);
                    for (int x = 1; ; x += lanes)
                    {
                        x = Math.Min(x, lastStart);
                        nint left = stride == 1 ? x - 1 : (2 * x) - 1;
                        TVec max = stride == 1
                            ? TOps.Max(TOps.Max(Row1<TVec, TOps>(top + left), Row1<TVec, TOps>(middle + left)), Row1<TVec, TOps>(bottom + left))
                            : TOps.Max(TOps.Max(Row2<TVec, TOps>(top + left), Row2<TVec, TOps>(middle + left)), Row2<TVec, TOps>(bottom + left));
                        TOps.Store(row + x, max);
                        if (x == lastStart)
                        {
                            break;
                        }
                    }

                    for (int ox = lastStart + lanes; ox < outWidth; ox++)
                    {
                        row[ox] = Point(plane, height, width, stride, oy, ox);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TVec Row1<TVec, TOps>(float* left)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec> =>
        TOps.Max(TOps.Max(TOps.Load(left), TOps.Load(left + 1)), TOps.Load(left + 2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TVec Row2<TVec, TOps>(float* left)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        TOps.LoadDeinterleaved(left, out TVec column0, out TVec column1);
        TOps.LoadDeinterleaved(left + 2, out TVec column2, out _);
        return TOps.Max(TOps.Max(column0, column1), column2);
    }

    /// <summary>One output value over the taps inside the image; the centre tap always is.</summary>
    private static float Point(ReadOnlySpan<float> plane, int height, int width, int stride, int oy, int ox)
    {
        float max = float.NegativeInfinity;
        for (int iy = Math.Max((oy * stride) - 1, 0); iy <= Math.Min((oy * stride) + 1, height - 1); iy++)
        {
            for (int ix = Math.Max((ox * stride) - 1, 0); ix <= Math.Min((ox * stride) + 1, width - 1); ix++)
            {
                max = MathF.Max(max, plane[(iy * width) + ix]);
            }
        }

        return max;
    }
}
