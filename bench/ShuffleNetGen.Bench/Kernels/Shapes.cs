using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Bench.Kernels;

/// <summary>A 1x1 convolution: <c>InChannels → OutChannels</c> over <c>Height × Width</c> pixels.</summary>
public sealed record Conv1x1Shape(int InChannels, int OutChannels, int Height, int Width) : IFlopCounted
{
    public int Pixels => Height * Width;
    public double Flops => 2.0 * InChannels * OutChannels * Pixels;
    public bool IsFmaWork => true;
    public override string ToString() => $"{InChannels}-{OutChannels}@{Height}x{Width}";
}

/// <summary>A 3x3 depthwise convolution with padding 1 over <c>Height × Width</c> input planes.</summary>
public sealed record DepthwiseShape(int Channels, int Height, int Width, int Stride) : IFlopCounted
{
    public int OutHeight => (Height - 1) / Stride + 1;
    public int OutWidth => (Width - 1) / Stride + 1;
    public double Flops => 2.0 * 9 * Channels * OutHeight * OutWidth;
    public bool IsFmaWork => true;
    public override string ToString() => $"{Channels}@{Height}x{Width}/s{Stride}";
}

/// <summary>A 5x5 depthwise convolution with padding 2 (MobileNet V3) over <c>Height × Width</c> input planes.</summary>
public sealed record Depthwise5x5Shape(int Channels, int Height, int Width, int Stride) : IFlopCounted
{
    public int OutHeight => (Height - 1) / Stride + 1;
    public int OutWidth => (Width - 1) / Stride + 1;
    public double Flops => 2.0 * 25 * Channels * OutHeight * OutWidth;
    public bool IsFmaWork => true;
    public override string ToString() => $"{Channels}@{Height}x{Width}/s{Stride}";
}

/// <summary>The dense 3x3 stride-2 stem convolution.</summary>
public sealed record StemShape(int InChannels, int OutChannels, int Height, int Width) : IFlopCounted
{
    public int OutHeight => (Height - 1) / 2 + 1;
    public int OutWidth => (Width - 1) / 2 + 1;
    public double Flops => 2.0 * 9 * InChannels * OutChannels * OutHeight * OutWidth;
    public bool IsFmaWork => true;
    public override string ToString() => $"{InChannels}-{OutChannels}@{Height}x{Width}/s2";
}

/// <summary>A 3x3 max pool (the stem's); 8 maxes per output.</summary>
public sealed record MaxPoolShape(int Channels, int Height, int Width, int Stride, int Padding = 1) : IFlopCounted
{
    /// <summary>Padding 1 is ShuffleNet's floor-mode pool, padding 0 SqueezeNet's ceil-mode one.</summary>
    public int OutHeight => OutputSize(Height);
    public int OutWidth => OutputSize(Width);
    public double Flops => 8.0 * Channels * OutHeight * OutWidth;
    public bool IsFmaWork => false;
    public override string ToString() => $"{Channels}@{Height}x{Width}/s{Stride}" + (Padding == 1 ? "" : "/p0/ceil");

    private int OutputSize(int input)
    {
        (int floor, int ceil) = MaxPool3x3.OutputSizes(input, Stride, Padding);
        return Padding == 1 ? floor : ceil;
    }
}

/// <summary>A 3x3 average pool with padding 1, counting the padding; 9 adds per output.</summary>
public sealed record AvgPoolShape(int Channels, int Height, int Width, int Stride) : IFlopCounted
{
    public int OutHeight => (Height - 1) / Stride + 1;
    public int OutWidth => (Width - 1) / Stride + 1;
    public double Flops => 9.0 * Channels * OutHeight * OutWidth;
    public bool IsFmaWork => false;
    public override string ToString() => $"{Channels}@{Height}x{Width}/s{Stride}";
}

/// <summary>The mean of each of <c>Channels</c> planes of <c>Height × Width</c>; one add per input.</summary>
public sealed record GlobalPoolShape(int Channels, int Height, int Width) : IFlopCounted
{
    public double Flops => (double)Channels * Height * Width;
    public bool IsFmaWork => false;
    public override string ToString() => $"{Channels}@{Height}x{Width}";
}

/// <summary>The classifier: <c>InFeatures → OutFeatures</c> with bias.</summary>
public sealed record LinearShape(int InFeatures, int OutFeatures) : IFlopCounted
{
    public double Flops => 2.0 * InFeatures * OutFeatures;
    public bool IsFmaWork => true;
    public override string ToString() => $"{InFeatures}-{OutFeatures}";
}

/// <summary>A whole generated model, one image per call.</summary>
public sealed record ModelCase(string Name, long MultiplyAdds) : IFlopCounted
{
    public double Flops => 2.0 * MultiplyAdds;
    public bool IsFmaWork => true;
    public override string ToString() => Name;
}

/// <summary>The FMA probe: <see cref="FmaPeak.FlopsPerIteration"/> flops per iteration.</summary>
public sealed record FmaProbeCase(long Iterations) : IFlopCounted
{
    public double Flops => (double)Iterations * FmaPeak.FlopsPerIteration;
    public bool IsFmaWork => true;
    public override string ToString() => $"{Iterations} x {FmaPeak.FlopsPerIteration} flops";
}

/// <summary>A dense k x k convolution <c>InChannels → OutChannels</c> with zero padding, stride 1 or 2.</summary>
public sealed record ConvKxKShape(int InChannels, int OutChannels, int Height, int Width, int Kernel, int Stride, int Padding) : IFlopCounted
{
    public int OutHeight => (Height + 2 * Padding - Kernel) / Stride + 1;
    public int OutWidth => (Width + 2 * Padding - Kernel) / Stride + 1;
    public double Flops => 2.0 * Kernel * Kernel * InChannels * OutChannels * OutHeight * OutWidth;
    public bool IsFmaWork => true;
    public override string ToString() => $"{InChannels}-{OutChannels}@{Height}x{Width}/s{Stride}/p{Padding}";
}
