using System;
using System.Buffers.Binary;
using ShuffleNetGen.Runtime.Imaging;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests.Imaging;

/// <summary>What callers rely on beyond the numbers: allocations, wrong sizes, and bytes that are not an image.</summary>
public sealed class PreprocessingContractTests
{
    private static ImagePreprocessing Torchvision(int crop = 56) =>
        new(64, ResizeInterpolation.Bilinear, crop, crop, ChannelOrder.Rgb, PixelScale.Unit, ImageFixtures.ImageNet.Mean, ImageFixtures.ImageNet.Std);

    private static ImagePreprocessing Megvii(int crop = 56) =>
        new(64, ResizeInterpolation.OpenCvBilinear, crop, crop, ChannelOrder.Bgr, PixelScale.Byte, [0, 0, 0], [1, 1, 1]);

    [Theory]
    [InlineData(true, 640, 480)]
    [InlineData(true, 37, 333)]
    [InlineData(false, 640, 480)]
    [InlineData(false, 128, 160)]
    [InlineData(false, 20, 9)]
    public void Raw_pixels_allocate_nothing_after_the_first_call(bool torchvision, int width, int height)
    {
        ImagePreprocessing preprocessing = torchvision ? Torchvision() : Megvii();
        var rgb = new byte[width * height * 3];
        new Random(width).NextBytes(rgb);
        var input = new float[preprocessing.InputLength];
        preprocessing.Preprocess(rgb, width, height, input);
        long before = GC.GetAllocatedBytesForCurrentThread();
        preprocessing.Preprocess(rgb, width, height, input);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Wrong_sizes_name_expected_and_actual()
    {
        ImagePreprocessing preprocessing = Torchvision();
        var e = Assert.Throws<ArgumentException>(() => preprocessing.Preprocess(new byte[10], 2, 2, new float[preprocessing.InputLength]));
        Assert.Contains("10 bytes; a 2x2 RGB image has 12", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => preprocessing.Preprocess(new byte[12], 2, 2, new float[5]));
        Assert.Contains("5 floats; expected 9408 (3x56x56)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => preprocessing.Preprocess(ReadOnlySpan<byte>.Empty, 0, 2, new float[preprocessing.InputLength]));
        Assert.Throws<ArgumentException>(() => new ImagePreprocessing(256, ResizeInterpolation.Bilinear, 224, 224, ChannelOrder.Rgb, PixelScale.Unit, [0, 0], [1, 1, 1]));
        Assert.Throws<ArgumentException>(() => new ImagePreprocessing(256, ResizeInterpolation.Bilinear, 224, 224, ChannelOrder.Rgb, PixelScale.Unit, [0, 0, 0], [1, 0, 1]));
    }

    [Fact]
    public void Bytes_that_are_not_an_image_are_refused_with_what_they_start_with()
    {
        ImagePreprocessing preprocessing = Torchvision();
        var input = new float[preprocessing.InputLength];
        byte[] png = ImageFixtures.Bytes("rgb_97x61.png");

        var e = Assert.Throws<ImageDecodeException>(() => preprocessing.Preprocess("not an image"u8, input));
        Assert.Equal("the image (12 bytes, starting 6E-6F-74-20): not an image in a format ShuffleNetGen reads (PNG, JPEG, BMP, TGA and GIF), or its header is corrupt", e.Message);
        e = Assert.Throws<ImageDecodeException>(() => preprocessing.Preprocess(ReadOnlySpan<byte>.Empty, input));
        Assert.Equal("the image (0 bytes): no bytes to decode", e.Message);
        e = Assert.Throws<ImageDecodeException>(() => preprocessing.Preprocess(png.AsSpan(0, png.Length / 2), input));
        Assert.StartsWith($"the image ({png.Length / 2} bytes, starting 89-50-4E-47): the PNG chunk at byte ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("past the end of the data (truncated or corrupt)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_declaring_too_many_pixels_is_refused_before_decoding()
    {
        // The fixture's IHDR with width and height set to 16384 (2^28 pixels); stb does not check chunk CRCs.
        byte[] png = ImageFixtures.Bytes("rgb_97x61.png");
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 16384);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 16384);
        ImagePreprocessing preprocessing = Torchvision();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ImageDecodeException>(() => preprocessing.Preprocess(png, new float[preprocessing.InputLength]));
        Assert.Contains("it declares 16384x16384 pixels; at most 67108864 pixels are decoded", e.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }
}
