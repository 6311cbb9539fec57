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
        VectorWidth path = KernelDispatch.Fit(vectorWidth, outWidth);
        int pitch = DepthwiseConv3x3.PaddedPitch(width, stride);
        if (path == VectorWidth.Scalar || (3 * pitch) > DepthwiseConv3x3.MaxScratchFloats)
        {
            RunScalar(window);
            return;
        }

        Span<float> scratch = stackalloc float[Math.Min(DepthwiseConv3x3.MaxScratchFloats, (((outHeight - 1) * stride) + 3) * pitch)];
        switch (path)
        {
            case VectorWidth.V512:
                RunVector<Vector512<float>, Vector512Ops>(window, scratch);
                break;
            case VectorWidth.V256:
                RunVector<Vector256<float>, Vector256Ops>(window, scratch);
                break;
            default:
                RunVector<Vector128<float>, Vector128Ops>(window, scratch);
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
    /// Same band scheme as <see cref="DepthwiseConv3x3"/>: the input rows of a band of output rows are copied (stride 2:
    /// split into even and odd columns) into a scratch padded with -infinity, which max never picks because the centre
    /// tap is always inside the image; every output vector is then unconditional, the last one overlapping.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunVector<TVec, TOps>(in Window window, Span<float> scratch)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int lanes = TOps.Count;
        int height = window.Height, width = window.Width, stride = window.Stride;
        int outHeight = window.OutHeight, outWidth = window.OutWidth;
        int pitch = DepthwiseConv3x3.PaddedPitch(width, stride);
        int half = pitch / 2;
        int bandRows = Math.Min(outHeight, (((scratch.Length / pitch) - 3) / stride) + 1);
        int lastX = outWidth - lanes;
        scratch.Fill(float.NegativeInfinity);
        fixed (float* input = window.Input)
        fixed (float* output = window.Output)
        fixed (float* padded = scratch)
        {
            for (int c = 0; c < window.Channels; c++)
            {
                float* source = input + ((nint)c * window.InputPixels);
                float* destination = output + ((nint)c * window.OutputPixels);
                for (int top = 0; top < outHeight; top += bandRows)
                {
                    int rows = Math.Min(bandRows, outHeight - top);
                    int firstRow = (top * stride) - 1;
                    int inputRows = ((rows - 1) * stride) + 3;
                    for (int r = 0; r < inputRows; r++)
                    {
                        int iy = firstRow + r;
                        float* row = padded + ((nint)r * pitch);
                        if ((uint)iy >= (uint)height)
                        {
                            new Span<float>(row, pitch).Fill(float.NegativeInfinity);
                        }
                        else if (stride == 1)
                        {
                            new ReadOnlySpan<float>(source + ((nint)iy * width), width).CopyTo(new Span<float>(row + 1, width));
                        }
                        else
                        {
                            StrideTwoRows.Split<TVec, TOps>(source + ((nint)iy * width), width, row, row + half);
                        }
                    }

                    for (int y = 0; y < rows; y++)
                    {
                        float* above = padded + ((nint)y * stride * pitch);
                        float* target = destination + ((nint)(top + y) * outWidth);
                        for (int x = 0; ; x += lanes)
                        {
                            x = Math.Min(x, lastX);
                            TVec max = stride == 1
                                ? TOps.Max(TOps.Max(Row1<TVec, TOps>(above + x), Row1<TVec, TOps>(above + pitch + x)), Row1<TVec, TOps>(above + (2 * pitch) + x))
                                : TOps.Max(TOps.Max(Row2<TVec, TOps>(above + x, half), Row2<TVec, TOps>(above + pitch + x, half)), Row2<TVec, TOps>(above + (2 * pitch) + x, half));
                            TOps.Store(target + x, max);
                            if (x == lastX)
                            {
                                break;
                            }
                        }
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

    /// <summary>Stride 2 over a split row: <paramref name="even"/> points at even[x], the odd half follows at <paramref name="half"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TVec Row2<TVec, TOps>(float* even, int half)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec> =>
        TOps.Max(TOps.Max(TOps.Load(even), TOps.Load(even + half)), TOps.Load(even + 1));

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
