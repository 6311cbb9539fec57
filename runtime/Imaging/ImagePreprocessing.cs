using System;
using System.Buffers;
using System.Globalization;

namespace ShuffleNetGen.Runtime.Imaging;

/// <summary>
/// How an image becomes a model's input, as the reference pipeline prepared it when the weights were evaluated: resize
/// the shorter side, center-crop to the model's input size, scale the bytes, normalise with a mean and std per channel,
/// lay the channels out as planes (CHW) in the model's channel order. The spec's <c>preprocess:</c> block (and its
/// family's defaults) choose the values; generated classes expose theirs as <c>Preprocessing</c>.
/// </summary>
/// <remarks>
/// torchvision's <c>ImageClassification</c> preset is <c>Bilinear</c>, <c>Rgb</c>, <c>Unit</c>, ImageNet mean and std;
/// megvii's ShuffleNet V1 evaluation (<c>OpencvResize</c>, <c>CenterCrop</c>, <c>ToBGRTensor</c>) is
/// <c>OpenCvBilinear</c>, <c>Bgr</c>, <c>Byte</c>, mean 0 and std 1. Preprocessing raw pixels allocates nothing once the
/// shared array pool holds buffers of the sizes it needs; decoding allocates the decoded image.
/// </remarks>
public sealed class ImagePreprocessing
{
    /// <summary>Largest image <see cref="Preprocess(ReadOnlySpan{byte}, Span{float})"/> decodes: 64 M pixels (8192 × 8192), checked from the header before decoding.</summary>
    public const long MaxPixels = 1L << 26;

    private readonly float[] _lookup;
    private readonly float[] _mean;
    private readonly float[] _std;

    /// <param name="resizeShorterSide">The shorter side after resizing (torchvision's <c>resize_size</c>), before the crop.</param>
    /// <param name="interpolation">How the resize interpolates.</param>
    /// <param name="cropWidth">The model's input width: the center crop's width.</param>
    /// <param name="cropHeight">The model's input height: the center crop's height.</param>
    /// <param name="channelOrder">The order of the colour planes in the input.</param>
    /// <param name="scale">What a byte becomes before normalising.</param>
    /// <param name="mean">Subtracted per channel (in the model's channel order), after scaling.</param>
    /// <param name="std">Divides per channel (in the model's channel order), after the mean.</param>
    public ImagePreprocessing(int resizeShorterSide, ResizeInterpolation interpolation, int cropWidth, int cropHeight,
        ChannelOrder channelOrder, PixelScale scale, ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resizeShorterSide, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cropWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cropHeight, 1);
        if (mean.Length != Channels) throw new ArgumentException($"mean has {mean.Length} values; expected {Channels}, one per channel.", nameof(mean));
        if (std.Length != Channels) throw new ArgumentException($"std has {std.Length} values; expected {Channels}, one per channel.", nameof(std));
        foreach (float s in std)
        {
            if (!(s > 0) || float.IsInfinity(s)) throw new ArgumentException($"std values must be positive and finite; got {s.ToString(CultureInfo.InvariantCulture)}.", nameof(std));
        }
        ResizeShorterSide = resizeShorterSide;
        Interpolation = interpolation;
        CropWidth = cropWidth;
        CropHeight = cropHeight;
        ChannelOrder = channelOrder;
        Scale = scale;
        _mean = mean.ToArray();
        _std = std.ToArray();
        Mean = Array.AsReadOnly(_mean);
        Std = Array.AsReadOnly(_std);
        _lookup = new float[Channels * 256];
        for (int c = 0; c < Channels; c++)
        {
            for (int b = 0; b < 256; b++)
            {
                // As torchvision computes it in float32: (byte / 255 - mean) / std.
                float value = scale == PixelScale.Unit ? b / 255f : b;
                _lookup[c * 256 + b] = (value - _mean[c]) / _std[c];
            }
        }
    }

    /// <summary>Colour planes the input has.</summary>
    public const int Channels = 3;

    public int ResizeShorterSide { get; }

    public ResizeInterpolation Interpolation { get; }

    public int CropWidth { get; }

    public int CropHeight { get; }

    public ChannelOrder ChannelOrder { get; }

    public PixelScale Scale { get; }

    /// <summary>Per channel, in the input's channel order.</summary>
    public System.Collections.Generic.IReadOnlyList<float> Mean { get; }

    /// <summary>Per channel, in the input's channel order.</summary>
    public System.Collections.Generic.IReadOnlyList<float> Std { get; }

    /// <summary>Floats <see cref="Preprocess(ReadOnlySpan{byte}, Span{float})"/> writes: 3 × crop height × crop width.</summary>
    public int InputLength => Channels * CropHeight * CropWidth;

    /// <summary>Decodes an image file's bytes (PNG, JPEG, BMP, TGA, GIF; gray and RGBA become RGB) and preprocesses it into <paramref name="input"/> (CHW).</summary>
    /// <exception cref="ImageDecodeException">The bytes are not an image the decoder reads, are corrupt, or declare more than <see cref="MaxPixels"/> pixels.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/> is not <see cref="InputLength"/> floats long.</exception>
    public void Preprocess(ReadOnlySpan<byte> encodedImage, Span<float> input)
    {
        CheckInput(input);
        DecodedImage image = ImageDecoder.Decode(encodedImage, MaxPixels);
        Run(image.Rgb, image.Width, image.Height, input);
    }

    /// <summary>Preprocesses decoded pixels: <paramref name="rgb"/> holds <paramref name="height"/> rows of <paramref name="width"/> interleaved R, G, B bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is less than 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="rgb"/> is not width × height × 3 bytes, or <paramref name="input"/> is not <see cref="InputLength"/> floats long.</exception>
    public void Preprocess(ReadOnlySpan<byte> rgb, int width, int height, Span<float> input)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        long expected = (long)width * height * 3;
        if (rgb.Length != expected)
        {
            throw new ArgumentException($"rgb has {rgb.Length} bytes; a {width}x{height} RGB image has {expected}.", nameof(rgb));
        }
        CheckInput(input);
        Run(rgb, width, height, input);
    }

    /// <summary>The size the resize makes of a <paramref name="width"/> × <paramref name="height"/> image, before the crop.</summary>
    public (int Width, int Height) ResizedSize(int width, int height) =>
        Interpolation == ResizeInterpolation.OpenCvBilinear
            ? CropWindow.MegviiResize(width, height, ResizeShorterSide)
            : CropWindow.TorchvisionResize(width, height, ResizeShorterSide);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"resize {ResizeShorterSide} ({Interpolation}), crop {CropHeight}x{CropWidth}, {ChannelOrder}, {Scale}, mean ({string.Join(", ", Mean)}), std ({string.Join(", ", Std)})");

    private void CheckInput(Span<float> input)
    {
        if (input.Length != InputLength)
        {
            throw new ArgumentException($"input has {input.Length} floats; expected {InputLength} (3x{CropHeight}x{CropWidth}).", nameof(input));
        }
    }

    private void Run(ReadOnlySpan<byte> rgb, int width, int height, Span<float> input)
    {
        (int resizedWidth, int resizedHeight) = ResizedSize(width, height);
        CropWindow crop = CropWindow.Place(resizedWidth, resizedHeight, CropWidth, CropHeight);
        int pixels = CropWidth * CropHeight;
        byte[] cropped = ArrayPool<byte>.Shared.Rent(pixels * 3);
        try
        {
            Span<byte> hwc = cropped.AsSpan(0, pixels * 3);
            // The crop's padding (where it is larger than the resized image) is zero, as torchvision pads it.
            hwc.Clear();
            if (Interpolation == ResizeInterpolation.OpenCvBilinear) OpenCvBilinear.Resize(rgb, width, height, crop, hwc);
            else PillowBilinear.Resize(rgb, width, height, crop, hwc);
            ToPlanes(hwc, pixels, input);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(cropped);
        }
    }

    /// <summary>Interleaved RGB bytes → normalised planes in the input's channel order, one table lookup per value.</summary>
    private void ToPlanes(ReadOnlySpan<byte> hwc, int pixels, Span<float> input)
    {
        for (int c = 0; c < Channels; c++)
        {
            int source = ChannelOrder == ChannelOrder.Bgr ? Channels - 1 - c : c;
            ReadOnlySpan<float> table = _lookup.AsSpan(c * 256, 256);
            Span<float> plane = input.Slice(c * pixels, pixels);
            for (int i = 0; i < pixels; i++) plane[i] = table[hwc[3 * i + source]];
        }
    }
}
