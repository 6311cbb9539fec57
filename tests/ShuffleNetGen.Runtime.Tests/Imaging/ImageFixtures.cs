using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ShuffleNetGen.Onnx.Ort;
using ShuffleNetGen.Runtime.Imaging;

namespace ShuffleNetGen.Runtime.Tests.Imaging;

/// <summary>
/// The images <c>Fixtures/make_image_fixtures.py</c> wrote and what PIL + torchvision 0.14 (the <c>ImageClassification</c>
/// preset) and megvii's OpenCV 4.6 pipeline made of them: the independent reference for preprocessing.
/// </summary>
internal static class ImageFixtures
{
    public static string Directory { get; } = Path.Combine(RepositoryRoot.Find(), "tests", "ShuffleNetGen.Runtime.Tests", "Imaging", "Fixtures");

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Directory, name));

    /// <summary>One reference run: <see cref="Expected"/> is the CHW tensor before normalisation, one byte per value.</summary>
    public sealed record Case(string Name, string Pipeline, string Source, int Resize, int CropHeight, int CropWidth)
    {
        public byte[] Expected => Bytes(Name + ".u8");

        public bool IsJpeg => Source.EndsWith(".jpg", System.StringComparison.Ordinal);

        public ImagePreprocessing Preprocessing => Pipeline == "megvii"
            ? new ImagePreprocessing(Resize, ResizeInterpolation.OpenCvBilinear, CropWidth, CropHeight, ChannelOrder.Bgr, PixelScale.Byte, [0, 0, 0], [1, 1, 1])
            : new ImagePreprocessing(Resize, ResizeInterpolation.Bilinear, CropWidth, CropHeight, ChannelOrder.Rgb, PixelScale.Unit, ImageNet.Mean, ImageNet.Std);

        public override string ToString() => Name;
    }

    public static IReadOnlyList<Case> Cases()
    {
        using JsonDocument json = JsonDocument.Parse(Bytes("cases.json"));
        return json.RootElement.GetProperty("cases").EnumerateArray().Select(c => new Case(
            c.GetProperty("name").GetString()!, c.GetProperty("pipeline").GetString()!, c.GetProperty("source").GetString()!,
            c.GetProperty("resize").GetInt32(), c.GetProperty("crop_height").GetInt32(), c.GetProperty("crop_width").GetInt32())).ToList();
    }

    public static IEnumerable<object[]> CaseNames() => Cases().Select(c => new object[] { c.Name });

    /// <summary>torchvision's ImageNet normalisation (<c>ImageClassification</c>'s defaults).</summary>
    public static class ImageNet
    {
        public static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
        public static readonly float[] Std = [0.229f, 0.224f, 0.225f];
    }
}
