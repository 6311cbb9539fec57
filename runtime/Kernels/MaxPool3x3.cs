using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// <c>nn.MaxPool2d(3, stride, padding)</c> over contiguous planes: padding 1 is ShuffleNet's stem pool, padding 0 with
/// <c>ceil_mode=True</c> SqueezeNet's (its last window may hang over the bottom and right edges). Padding is never the
/// maximum, so a window only looks at the taps inside the image.
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class MaxPool3x3
{
    /// <summary>Pools one image with the widest SIMD path this machine accelerates.</summary>
    /// <param name="input">Planes <c>0..channels-1</c> of <paramref name="height"/> x <paramref name="width"/> floats.</param>
    /// <param name="channels">Channels.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="stride">1 or 2.</param>
    /// <param name="padding">1 (then <c>ceil_mode=False</c>) or 0 (either mode: the output size says which).</param>
    /// <param name="output">Planes <c>0..channels-1</c> of <paramref name="outHeight"/> x <paramref name="outWidth"/> floats.</param>
    /// <param name="outHeight">Output height, as <c>nn.MaxPool2d</c> computes it (<see cref="OutputSizes"/>).</param>
    /// <param name="outWidth">Output width, likewise.</param>
    /// <param name="part">
    /// The share of the channels to compute (<see cref="Part.Range"/> over <paramref name="channels"/>); the arguments are
    /// those of the whole call, which every part validates. <c>default</c> is the whole call.
    /// </param>
    /// <exception cref="ArgumentException">A size is wrong or a span is too short.</exception>
    public static void Run(ReadOnlySpan<float> input, int channels, int height, int width, int stride, int padding,
        Span<float> output, int outHeight, int outWidth, Part part = default) =>
        Run(input, channels, height, width, stride, padding, output, outHeight, outWidth, KernelDispatch.Widest, part);

    /// <summary>Pools with at most <paramref name="vectorWidth"/>-bit vectors (tests pin each path this way).</summary>
    internal static void Run(ReadOnlySpan<float> input, int channels, int height, int width, int stride, int padding,
        Span<float> output, int outHeight, int outWidth, VectorWidth vectorWidth, Part part = default)
    {
        KernelArguments.Positive(height, nameof(height));
        KernelArguments.Positive(width, nameof(width));
        KernelArguments.Positive(channels, nameof(channels));
        KernelArguments.Stride(stride, nameof(stride));
        KernelArguments.ZeroOrOne(padding, nameof(padding));

        CheckOutput(outHeight, height, stride, padding, nameof(outHeight));
        CheckOutput(outWidth, width, stride, padding, nameof(outWidth));
        KernelArguments.MinimumLength(input.Length, (long)channels * height * width, nameof(input));
        KernelArguments.MinimumLength(output.Length, (long)channels * outHeight * outWidth, nameof(output));
        (int first, int end) = part.Range(channels);
        if (first == end)
        {
            return;
        }

        var pool = new Pool(input[(first * height * width)..], end - first, height, width, stride, padding,
            output[(first * outHeight * outWidth)..], outHeight, outWidth);
        VectorWidth path = KernelDispatch.Fit(vectorWidth, outWidth);
        int pitch = VerticalPitch(width, outWidth, stride, padding);
        if (path == VectorWidth.Scalar || pitch > DepthwiseConv3x3.MaxScratchFloats)
        {
            RunScalar(pool);
            return;
        }

        Span<float> scratch = stackalloc float[Math.Min(DepthwiseConv3x3.MaxScratchFloats, outHeight * pitch)];
        switch (path)
        {
            case VectorWidth.V512:
                RunVector<Vector512<float>, Vector512Ops>(pool, scratch);
                break;
            case VectorWidth.V256:
                RunVector<Vector256<float>, Vector256Ops>(pool, scratch);
                break;
            default:
                RunVector<Vector128<float>, Vector128Ops>(pool, scratch);
                break;
        }
    }

    /// <summary>
    /// <c>nn.MaxPool2d(3, stride, padding)</c>'s output sizes: <c>ceil_mode=False</c> floors <c>(input + 2 * padding - 3) /
    /// stride</c>, <c>ceil_mode=True</c> rounds it up unless the last window would then start in the right (bottom) padding.
    /// </summary>
    public static (int Floor, int Ceil) OutputSizes(int input, int stride, int padding)
    {
        // Floored divisions, as PyTorch's div_rtn: a negative span leaves no floor-mode output.
        int span = input + (2 * padding) - 3;
        int floor = span < 0 ? 0 : (span / stride) + 1;
        int ceil = span + stride - 1 < 0 ? 0 : ((span + stride - 1) / stride) + 1;
        if ((ceil - 1) * stride >= input + padding)
        {
            ceil--;
        }

        return (floor, ceil);
    }

    /// <summary>Padding 1 is ShuffleNet's floor-mode pool; padding 0 takes either mode (its centre tap is always inside).</summary>
    private static void CheckOutput(int actual, int input, int stride, int padding, string name)
    {
        (int floor, int ceil) = OutputSizes(input, stride, padding);
        if (actual == floor || (padding == 0 && actual == ceil))
        {
            return;
        }

        string expected = padding == 0 && ceil != floor ? $"{floor} (ceil_mode=False) or {ceil} (ceil_mode=True)" : $"{floor}";
        throw new ArgumentException(
            $"{name} must be nn.MaxPool2d(3, {stride}, {padding})'s output size for input {input}: expected {expected}, got {actual}.", name);
    }

    /// <summary>The validated geometry of one call over its channels.</summary>
    private readonly ref struct Pool(ReadOnlySpan<float> input, int channels, int height, int width, int stride, int padding,
        Span<float> output, int outHeight, int outWidth)
    {
        public readonly ReadOnlySpan<float> Input = input;
        public readonly Span<float> Output = output;
        public readonly int Channels = channels, Height = height, Width = width, Stride = stride, Padding = padding;
        public readonly int OutHeight = outHeight, OutWidth = outWidth;

        public int InputPixels => Height * Width;

        public int OutputPixels => OutHeight * OutWidth;
    }

    /// <summary>The plain loop nest over a validated window: the scalar path and the twin the SIMD paths are tested beside.</summary>
    private static void RunScalar(in Pool window)
    {
        for (int c = 0; c < window.Channels; c++)
        {
            ReadOnlySpan<float> plane = window.Input.Slice(c * window.InputPixels, window.InputPixels);
            Span<float> destination = window.Output.Slice(c * window.OutputPixels, window.OutputPixels);
            for (int oy = 0; oy < window.OutHeight; oy++)
            {
                for (int ox = 0; ox < window.OutWidth; ox++)
                {
                    destination[(oy * window.OutWidth) + ox] = Point(plane, window.Height, window.Width, window.Stride, window.Padding, oy, ox);
                }
            }
        }
    }

    /// <summary>
    /// Two passes per band of output rows, with no copy of the input. First the vertical maximum of each output row's
    /// input rows (a missing row above or below the image is the centre row again, which cannot change a maximum) goes
    /// into a scratch row with -infinity each side, read from the input with whole unit-stride vectors; then each output
    /// vector is the maximum of three loads of that scratch (stride 2: two deinterleaving loads). The second pass reads
    /// scratch rows written a whole band earlier, so no load waits on store-to-load forwarding. The old scheme (copy and
    /// split every input row into a padded scratch, then read it) ran up to 20 times slower on Zen 5 whenever the
    /// scratch rows and the input rows being read sat at nearly the same offset within a 4 KiB page (input rows of 448
    /// bytes, scratch rows of 456 bytes: once they meet, they stay together for a whole plane): each load of the input
    /// then falsely matched a pending store to the scratch (4K aliasing). The vertical pass stores one row per output
    /// row while reading 2-3 input rows, so the two address streams drift apart by hundreds of bytes a row instead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunVector<TVec, TOps>(in Pool window, Span<float> scratch)
        where TVec : struct
        where TOps : struct, IFloatVector<TVec>
    {
        int lanes = TOps.Count;
        int height = window.Height, width = window.Width, stride = window.Stride;
        int outHeight = window.OutHeight, outWidth = window.OutWidth;
        int pitch = VerticalPitch(width, outWidth, stride, window.Padding);
        int shift = 1 - window.Padding;
        int bandRows = Math.Min(outHeight, scratch.Length / pitch);
        int lastX = outWidth - lanes;
        int lastColumn = width - lanes;
        scratch.Fill(float.NegativeInfinity);
        fixed (float* input = window.Input)
        fixed (float* output = window.Output)
        fixed (float* vertical = scratch)
        {
            for (int c = 0; c < window.Channels; c++)
            {
                float* source = input + ((nint)c * window.InputPixels);
                float* destination = output + ((nint)c * window.OutputPixels);
                for (int top = 0; top < outHeight; top += bandRows)
                {
                    int rows = Math.Min(bandRows, outHeight - top);
                    for (int y = 0; y < rows; y++)
                    {
                        int iy = ((top + y) * stride) + shift;
                        float* centre = source + ((nint)iy * width);
                        float* above = iy > 0 ? centre - width : centre;
                        float* below = iy + 1 < height ? centre + width : centre;
                        float* row = vertical + ((nint)y * pitch) + 1;
                        for (int x = 0; ; x += lanes)
                        {
                            x = Math.Min(x, lastColumn);
                            TOps.Store(row + x, TOps.Max(TOps.Max(TOps.Load(above + x), TOps.Load(centre + x)), TOps.Load(below + x)));
                            if (x == lastColumn)
                            {
                                break;
                            }
                        }
                    }

                    for (int y = 0; y < rows; y++)
                    {
                        float* row = vertical + ((nint)y * pitch) + shift;
                        float* target = destination + ((nint)(top + y) * outWidth);
                        for (int x = 0; ; x += lanes)
                        {
                            x = Math.Min(x, lastX);
                            TVec max;
                            if (stride == 1)
                            {
                                max = TOps.Max(TOps.Max(TOps.Load(row + x), TOps.Load(row + x + 1)), TOps.Load(row + x + 2));
                            }
                            else
                            {
                                // row[2x], row[2x+1], row[2x+2] are image columns 2x-padding .. 2x-padding+2.
                                TOps.LoadDeinterleaved(row + (2 * x), out TVec left, out TVec middle);
                                TOps.LoadDeinterleaved(row + (2 * x) + 2, out TVec right, out _);
                                max = TOps.Max(TOps.Max(left, middle), right);
                            }

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

    /// <summary>
    /// Floats per scratch row of vertical maxima: -infinity, the <paramref name="width"/> columns, then -infinity up to
    /// the last float the horizontal pass reads (stride 2 reads <c>2 * outWidth + 2</c> floats from each row, starting
    /// <c>1 - padding</c> in).
    /// </summary>
    internal static int VerticalPitch(int width, int outWidth, int stride, int padding) =>
        stride == 1 ? width + 2 : Math.Max(width + 2, (2 * outWidth) + 3 - padding);

    /// <summary>One output value over the taps inside the image; the centre tap always is.</summary>
    private static float Point(ReadOnlySpan<float> plane, int height, int width, int stride, int padding, int oy, int ox)
    {
        float max = float.NegativeInfinity;
        for (int iy = Math.Max((oy * stride) - padding, 0); iy <= Math.Min((oy * stride) - padding + 2, height - 1); iy++)
        {
            for (int ix = Math.Max((ox * stride) - padding, 0); ix <= Math.Min((ox * stride) - padding + 2, width - 1); ix++)
            {
                max = MathF.Max(max, plane[(iy * width) + ix]);
            }
        }

        return max;
    }
}
