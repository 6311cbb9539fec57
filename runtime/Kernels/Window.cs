using System;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// The validated geometry of a per-channel 3x3 window with padding 1 (depthwise conv, average pool):
/// spans, plane tables, input and output sizes, stride.
/// </summary>
internal readonly ref struct Window
{
    private Window(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int height, int width, int stride, int channels,
        Span<float> output, ReadOnlySpan<int> outputPlanes, int outHeight, int outWidth)
    {
        Input = input;
        InputPlanes = inputPlanes;
        Height = height;
        Width = width;
        Stride = stride;
        Channels = channels;
        Output = output;
        OutputPlanes = outputPlanes;
        OutHeight = outHeight;
        OutWidth = outWidth;
    }

    public ReadOnlySpan<float> Input { get; }
    public ReadOnlySpan<int> InputPlanes { get; }
    public int Height { get; }
    public int Width { get; }
    public int Stride { get; }
    public int Channels { get; }
    public Span<float> Output { get; }
    public ReadOnlySpan<int> OutputPlanes { get; }
    public int OutHeight { get; }
    public int OutWidth { get; }

    public int InputPixels => Height * Width;

    public int OutputPixels => OutHeight * OutWidth;

    /// <summary>Checks every size and plane table, O(channels), and bundles them.</summary>
    public static Window Validate(ReadOnlySpan<float> input, ReadOnlySpan<int> inputPlanes, int height, int width, int stride, int channels,
        Span<float> output, ReadOnlySpan<int> outputPlanes, int outHeight, int outWidth)
    {
        KernelArguments.Positive(height, nameof(height));
        KernelArguments.Positive(width, nameof(width));
        KernelArguments.Positive(channels, nameof(channels));
        KernelArguments.Stride(stride, nameof(stride));
        KernelArguments.WindowOutput(outHeight, height, stride, nameof(outHeight));
        KernelArguments.WindowOutput(outWidth, width, stride, nameof(outWidth));
        KernelArguments.PlaneTable(inputPlanes, channels, height * width, input.Length, nameof(inputPlanes), nameof(input));
        KernelArguments.PlaneTable(outputPlanes, channels, outHeight * outWidth, output.Length, nameof(outputPlanes), nameof(output));
        return new Window(input, inputPlanes, height, width, stride, channels, output, outputPlanes, outHeight, outWidth);
    }

    /// <summary>
    /// Channels <c>[start, end)</c> of this validated window as a window of their own, renumbered from 0
    /// (<see cref="PlaneTable.Narrow(ref ReadOnlySpan{float}, ref ReadOnlySpan{int}, int, int, int)"/>). The input keeps its
    /// end, so the paths that read whole vectors up to the end of the input span read what the whole window would.
    /// </summary>
    public Window Narrow(int start, int end)
    {
        int channels = end - start;
        ReadOnlySpan<float> input = Input;
        ReadOnlySpan<int> inputPlanes = InputPlanes;
        PlaneTable.Narrow(ref input, ref inputPlanes, InputPixels, start, channels);
        Span<float> output = Output;
        ReadOnlySpan<int> outputPlanes = OutputPlanes;
        PlaneTable.Narrow(ref output, ref outputPlanes, OutputPixels, start, channels);
        return new Window(input, inputPlanes, Height, Width, Stride, channels, output, outputPlanes, OutHeight, OutWidth);
    }
}
