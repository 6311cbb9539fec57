using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ShuffleNetGen.Generator.Planning;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Emit;

/// <summary>
/// The image members of a model class: <c>Preprocessing</c> (the spec's <c>preprocess:</c> over the family's defaults),
/// <c>Labels</c>, the static <c>Preprocess</c>, and <c>PredictImage</c> / <c>Classify</c> for encoded images and raw RGB.
/// </summary>
internal static class ImageMembersEmitter
{
    private const string Rt = "global::ShuffleNetGen.Runtime";
    private const string Img = "global::ShuffleNetGen.Runtime.Imaging";
    private const string Cls = "global::ShuffleNetGen.Runtime.Classification";
    private const string Bytes = "global::System.ReadOnlySpan<byte>";
    private const string Floats = "global::System.Span<float>";

    /// <param name="labels">The labels file's lines when the spec names one; null for the built-in choice.</param>
    public static void Emit(SourceWriter w, ExecutionPlan plan, IReadOnlyList<string>? labels)
    {
        PreprocessSpec? p = plan.Preprocess;
        if (p is null)
        {
            w.Line($"/// <summary>Not available: the input has {I(plan.InputChannels)} channels, and images are preprocessed to 3.</summary>");
            w.Line($"public static {Img}.ImagePreprocessing Preprocessing => throw new global::System.NotSupportedException(\"{plan.ClassName} takes {I(plan.InputChannels)} input channels; images are preprocessed to 3 (RGB or BGR).\");");
        }
        else
        {
            w.Line($"/// <summary>How an image becomes the input: {Describe(p, plan)}.</summary>");
            w.Line($"public static {Img}.ImagePreprocessing Preprocessing {{ get; }} = new {Img}.ImagePreprocessing({I(p.Resize)}, {Img}.ResizeInterpolation.{Interpolation(p)}, InputWidth, InputHeight,");
            w.Line($"    {Img}.ChannelOrder.{(p.ChannelOrder == PreprocessKeys.Bgr ? "Bgr" : "Rgb")}, {Img}.PixelScale.{(p.Scale == PreprocessKeys.Byte ? "Byte" : "Unit")}, new float[] {{ {Floats3(p.Mean)} }}, new float[] {{ {Floats3(p.Std)} }});");
        }
        w.Line();
        EmitLabels(w, plan, labels);
        w.Line("/// <summary>Decodes an image file's bytes (PNG, JPEG, BMP, TGA, GIF) and writes the model's input (CHW, <see cref=\"InputLength\"/> floats) as <see cref=\"Preprocessing\"/> says.</summary>");
        w.Line($"/// <exception cref=\"{Img}.ImageDecodeException\">The bytes are not an image the decoder reads, or are corrupt.</exception>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"input\"/> is not <see cref=\"InputLength\"/> floats long.</exception>");
        w.Line($"public static void Preprocess({Bytes} encodedImage, {Floats} input) => Preprocessing.Preprocess(encodedImage, input);");
        w.Line();
        w.Line("/// <summary>Writes the model's input from decoded pixels: <paramref name=\"height\"/> rows of <paramref name=\"width\"/> interleaved R, G, B bytes.</summary>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A span has the wrong length.</exception>");
        w.Line($"public static void Preprocess({Bytes} rgb, int width, int height, {Floats} input) => Preprocessing.Preprocess(rgb, width, height, input);");
        w.Line();
        w.Line("/// <summary>Decodes and preprocesses an image, runs it and writes its <see cref=\"Classes\"/> logits.</summary>");
        w.Line($"/// <exception cref=\"{Img}.ImageDecodeException\">The bytes are not an image the decoder reads, or are corrupt.</exception>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"logits\"/> is not <see cref=\"Classes\"/> floats long.</exception>");
        w.Line($"public void PredictImage({Bytes} encodedImage, {Floats} logits) => {Img}.ImageRunner.PredictImage(this, encodedImage, logits);");
        w.Line();
        w.Line("/// <summary>Preprocesses decoded RGB pixels, runs them and writes the <see cref=\"Classes\"/> logits.</summary>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A span has the wrong length.</exception>");
        w.Line($"public void PredictImage({Bytes} rgb, int width, int height, {Floats} logits) => {Img}.ImageRunner.PredictImage(this, rgb, width, height, logits);");
        w.Line();
        w.Line("/// <summary>The <paramref name=\"top\"/> most probable classes of an encoded image (index, label, softmax probability), most probable first.</summary>");
        w.Line($"/// <exception cref=\"{Img}.ImageDecodeException\">The bytes are not an image the decoder reads, or are corrupt.</exception>");
        w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"top\"/> is less than 1.</exception>");
        w.Line($"public {Cls}.ClassScore[] Classify({Bytes} encodedImage, int top = 5) => {Img}.ImageRunner.Classify(this, encodedImage, top);");
        w.Line();
        w.Line("/// <summary>The <paramref name=\"top\"/> most probable classes of decoded RGB pixels, most probable first.</summary>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"rgb\"/> is not width × height × 3 bytes.</exception>");
        w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"top\"/> is less than 1.</exception>");
        w.Line($"public {Cls}.ClassScore[] Classify({Bytes} rgb, int width, int height, int top = 5) => {Img}.ImageRunner.Classify(this, rgb, width, height, top);");
        w.Line();
        w.Line($"{Img}.ImagePreprocessing {Rt}.IImageClassifier.Preprocessing => Preprocessing;");
        w.Line($"{Cls}.ClassLabels {Rt}.IImageClassifier.Labels => Labels;");
        w.Line();
    }

    private static void EmitLabels(SourceWriter w, ExecutionPlan plan, IReadOnlyList<string>? labels)
    {
        if (labels is not null)
        {
            w.Line($"/// <summary>The class names by logit index, from <c>{Xml(plan.Labels!)}</c>.</summary>");
            w.Line($"public static {Cls}.ClassLabels Labels {{ get; }} = new {Cls}.ClassLabels(new string[]");
            w.Line("{");
            foreach (string label in labels) w.Line("    " + KernelCallWriter.Literal(label) + ",");
            w.Line("});");
        }
        else if (plan.Labels == ImageKeysReader.ImageNet1k || (plan.Labels is null && plan.Classes == 1000))
        {
            w.Line("/// <summary>The class names by logit index: ImageNet-1k, in torchvision's order.</summary>");
            w.Line($"public static {Cls}.ClassLabels Labels => {Cls}.ClassLabels.ImageNet1k;");
        }
        else
        {
            w.Line("/// <summary>The class names by logit index: <c>class 0</c> … (the spec names no labels).</summary>");
            w.Line($"public static {Cls}.ClassLabels Labels {{ get; }} = {Cls}.ClassLabels.Numbered(Classes);");
        }
        w.Line();
    }

    private static string Describe(PreprocessSpec p, ExecutionPlan plan) =>
        $"shorter side to {I(p.Resize)} ({(p.Interpolation == PreprocessKeys.OpenCvBilinear ? "OpenCV bilinear" : "PIL bilinear, antialiased")}), " +
        $"center crop {I(plan.InputHeight)}x{I(plan.InputWidth)}, {p.ChannelOrder.ToUpperInvariant()}, " +
        $"{(p.Scale == PreprocessKeys.Byte ? "0-255" : "0-1")}, mean ({string.Join(", ", p.Mean.Select(D))}), std ({string.Join(", ", p.Std.Select(D))})";

    private static string Interpolation(PreprocessSpec p) => p.Interpolation == PreprocessKeys.OpenCvBilinear ? "OpenCvBilinear" : "Bilinear";

    private static string Floats3(IEnumerable<double> values) => string.Join(", ", values.Select(v => ((float)v).ToString("R", CultureInfo.InvariantCulture) + "f"));

    private static string D(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Xml(string value) => value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
