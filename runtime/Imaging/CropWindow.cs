using System;

namespace ShuffleNetGen.Runtime.Imaging;

/// <summary>
/// Where the center crop sits on the resized image, as torchvision's <c>CenterCrop</c> places it: offset
/// <c>round((resized - crop) / 2)</c> (Python's round, halves to even), or, when the crop is larger, the image centred on
/// zero padding of <c>(crop - resized) // 2</c> before. Offsets are in resized pixels and negative where the crop pads.
/// </summary>
internal readonly record struct CropWindow(int ResizedWidth, int ResizedHeight, int Left, int Top, int Width, int Height)
{
    public static CropWindow Place(int resizedWidth, int resizedHeight, int cropWidth, int cropHeight) =>
        new(resizedWidth, resizedHeight, Offset(resizedWidth, cropWidth), Offset(resizedHeight, cropHeight), cropWidth, cropHeight);

    private static int Offset(int resized, int crop) =>
        crop > resized ? -((crop - resized) / 2) : (int)Math.Round((resized - crop) / 2.0, MidpointRounding.ToEven);

    /// <summary>The crop's columns (or rows) that fall on the resized image: [first, first + count) in crop coordinates.</summary>
    public static (int First, int Count) Covered(int offset, int crop, int resized)
    {
        int first = Math.Max(0, -offset);
        int last = Math.Min(crop, resized - offset);
        return (first, Math.Max(0, last - first));
    }

    public (int First, int Count) Columns => Covered(Left, Width, ResizedWidth);

    public (int First, int Count) Rows => Covered(Top, Height, ResizedHeight);

    /// <summary>torchvision's <c>Resize(size)</c>: the shorter side to <paramref name="size"/>, the longer to <c>int(size * long / short)</c>.</summary>
    public static (int Width, int Height) TorchvisionResize(int width, int height, int size)
    {
        int resizedLong = (int)((double)size * Math.Max(width, height) / Math.Min(width, height));
        return width <= height ? (size, resizedLong) : (resizedLong, size);
    }

    /// <summary>megvii's <c>OpencvResize(size)</c>: <c>(int(size / H * W + 0.5), size) if H &lt; W else (size, int(size / W * H + 0.5))</c>.</summary>
    public static (int Width, int Height) MegviiResize(int width, int height, int size) =>
        height < width
            ? ((int)((double)size / height * width + 0.5), size)
            : (size, (int)((double)size / width * height + 0.5));
}
