using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// How an image becomes the model's input (the spec's <c>preprocess:</c> block over its family's defaults): the shorter
/// side resized to <see cref="Resize"/>, a center crop to the input size, then per-channel scale, mean and std, CHW.
/// Text values are the spec's words (<see cref="PreprocessKeys"/>).
/// </summary>
internal sealed record PreprocessSpec(
    int Resize, string Interpolation, string ChannelOrder, string Scale, ImmutableEquatableArray<double> Mean, ImmutableEquatableArray<double> Std);

/// <summary>
/// A family's preprocessing when the spec says nothing: the reference pipeline its published weights were evaluated with.
/// <see cref="CropRatio"/> sets the default resize: the input's shorter side over it (224 / 0.875 = 256, the ImageNet habit).
/// </summary>
internal sealed record PreprocessDefaults(double CropRatio, string Interpolation, string ChannelOrder, string Scale, double[] Mean, double[] Std)
{
    /// <summary>torchvision's <c>ImageClassification</c> preset (every torchvision classification weight's <c>transforms()</c>).</summary>
    public static readonly PreprocessDefaults Torchvision = new(0.875, PreprocessKeys.Bilinear, PreprocessKeys.Rgb, PreprocessKeys.Unit,
        new[] { 0.485, 0.456, 0.406 }, new[] { 0.229, 0.224, 0.225 });

    /// <summary>megvii ShuffleNet-Series' evaluation: <c>OpencvResize(256)</c>, <c>CenterCrop(224)</c>, <c>ToBGRTensor()</c>.</summary>
    public static readonly PreprocessDefaults Megvii = new(0.875, PreprocessKeys.OpenCvBilinear, PreprocessKeys.Bgr, PreprocessKeys.Byte,
        new[] { 0.0, 0.0, 0.0 }, new[] { 1.0, 1.0, 1.0 });

    /// <summary>The shorter side before the crop, for an input of <paramref name="height"/> × <paramref name="width"/>.</summary>
    public int ResizeFor(int height, int width) => (int)System.Math.Round(System.Math.Min(height, width) / CropRatio, System.MidpointRounding.AwayFromZero);
}

/// <summary>The keys and words of the <c>preprocess:</c> block.</summary>
internal static class PreprocessKeys
{
    public const string Block = "preprocess";
    public const string Resize = "resize";
    public const string Interpolation = "interpolation";
    public const string ChannelOrder = "channel_order";
    public const string Scale = "scale";
    public const string Mean = "mean";
    public const string Std = "std";

    public const string Bilinear = "bilinear";
    public const string OpenCvBilinear = "opencv_bilinear";
    public const string Rgb = "rgb";
    public const string Bgr = "bgr";
    public const string Unit = "unit";
    public const string Byte = "byte";

    public static readonly string[] All = { Resize, Interpolation, ChannelOrder, Scale, Mean, Std };
    public static readonly IntRange ResizeRange = new(1, 8192);
    public const int Channels = 3;
}
