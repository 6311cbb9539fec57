namespace ShuffleNetGen.Runtime.Imaging;

/// <summary>How the shorter side is resized, as the reference pipeline did when the weights were evaluated.</summary>
public enum ResizeInterpolation
{
    /// <summary>PIL's <c>Image.resize(BILINEAR)</c> (torchvision's <c>Resize</c> on a PIL image): a triangle filter widened by the scale when downscaling, so it antialiases.</summary>
    Bilinear,

    /// <summary>OpenCV's <c>cv2.resize(INTER_LINEAR)</c> (megvii's <c>OpencvResize</c>): two taps per axis, no antialiasing.</summary>
    OpenCvBilinear,
}

/// <summary>The order of the three colour planes in the model's input.</summary>
public enum ChannelOrder
{
    /// <summary>Red, green, blue (torchvision).</summary>
    Rgb,

    /// <summary>Blue, green, red (megvii's <c>ToBGRTensor</c>, OpenCV's order).</summary>
    Bgr,
}

/// <summary>What one input value is before mean and std are applied.</summary>
public enum PixelScale
{
    /// <summary>The byte divided by 255, in [0, 1] (torchvision's <c>ToTensor</c> / <c>convert_image_dtype</c>).</summary>
    Unit,

    /// <summary>The byte as it is, 0–255 (megvii's <c>ToBGRTensor</c>).</summary>
    Byte,
}
