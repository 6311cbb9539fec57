using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using ShuffleNetGen.Runtime;
using ShuffleNetGen.Runtime.Classification;
using ShuffleNetGen.Runtime.Imaging;
using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>
/// Issue 16, image in, labels out: torchvision's <c>shufflenet_v2_x0_5</c> with the seeded weights of the .pth fixture, fed
/// a PNG through <c>ShuffleNet_V2_X0_5_Weights.IMAGENET1K_V1.transforms()</c> by PIL and torch
/// (tests/ShuffleNetGen.Runtime.Tests/Imaging/Fixtures/make_image_fixtures.py), against the generated class's
/// <c>PredictImage</c> and <c>Classify</c> on the same file.
/// </summary>
public sealed class ImageClassificationTests
{
    private const string Fixtures = "tests/ShuffleNetGen.Runtime.Tests";

    private static readonly Lazy<ShuffleNetV2X0_5> s_model = new(() => ShuffleNetV2X0_5.Load(RepositoryFiles.PathOf($"{Fixtures}/Weights/Fixtures/shufflenet_v2_x0_5.f16.pth")));

    private static JsonElement Expected()
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(RepositoryFiles.PathOf($"{Fixtures}/Imaging/Fixtures/shufflenet_v2_x0_5.image.json")));
        return json.RootElement.Clone();
    }

    private static byte[] Image => File.ReadAllBytes(RepositoryFiles.PathOf($"{Fixtures}/Imaging/Fixtures/rgb_320x240.png"));

    [Fact]
    [Trait(SmallModels.Trait, SmallModels.Value)]
    public void PredictImage_gives_torchs_logits_for_the_png()
    {
        float[] torch = Expected().GetProperty("logits").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        var logits = new float[ShuffleNetV2X0_5.Classes];
        s_model.Value.PredictImage(Image, logits);
        ModelFixture.AssertClose(torch, logits, 1e-4, "PredictImage vs torchvision's transforms() + model");
    }

    [Fact]
    [Trait(SmallModels.Trait, SmallModels.Value)]
    public void Classify_gives_torchs_top5_with_imagenet_labels()
    {
        JsonElement[] top5 = Expected().GetProperty("top5").EnumerateArray().ToArray();
        ClassScore[] scores = s_model.Value.Classify(Image);
        Assert.Equal(top5.Select(t => (t.GetProperty("index").GetInt32(), t.GetProperty("label").GetString()!)), scores.Select(s => (s.Index, s.Label)));
        for (int k = 0; k < scores.Length; k++)
        {
            Assert.Equal(top5[k].GetProperty("probability").GetDouble(), scores[k].Probability, 1e-6);
        }
    }

    [Fact]
    public void The_three_ways_in_agree_and_the_interface_offers_them()
    {
        ShuffleNetV2X0_5 model = s_model.Value;
        byte[] png = Image;
        var input = new float[ShuffleNetV2X0_5.InputLength];
        ShuffleNetV2X0_5.Preprocess(png, input);
        var viaTensor = new float[ShuffleNetV2X0_5.Classes];
        model.Predict(input, viaTensor);

        var rgb = new byte[320 * 240 * 3];
        var decoded = StbImageSharp.ImageResult.FromMemory(png, StbImageSharp.ColorComponents.RedGreenBlue);
        decoded.Data.CopyTo(rgb, 0);
        IImageClassifier classifier = model;
        var viaPixels = new float[ShuffleNetV2X0_5.Classes];
        classifier.PredictImage(rgb, 320, 240, viaPixels);
        var viaFile = new float[ShuffleNetV2X0_5.Classes];
        classifier.PredictImage(png, viaFile);

        Assert.Equal(viaTensor, viaPixels);
        Assert.Equal(viaTensor, viaFile);
        Assert.Equal(classifier.Classify(png, 3).Select(s => s.Index), model.Classify(rgb, 320, 240, 3).Select(s => s.Index));
        Assert.Same(ClassLabels.ImageNet1k, classifier.Labels);
        Assert.Equal(("tench", "toilet tissue"), (classifier.Labels[0], classifier.Labels[999]));
        Assert.Equal(256, classifier.Preprocessing.ResizeShorterSide);
        Assert.Equal(232, ShuffleNetV2X1_5.Preprocessing.ResizeShorterSide);
        Assert.Equal((ResizeInterpolation.OpenCvBilinear, ChannelOrder.Bgr, PixelScale.Byte),
            (ShuffleNetV1G3X1_0.Preprocessing.Interpolation, ShuffleNetV1G3X1_0.Preprocessing.ChannelOrder, ShuffleNetV1G3X1_0.Preprocessing.Scale));
    }

    [Fact]
    public void Bad_images_and_buffers_are_refused_clearly()
    {
        ShuffleNetV2X0_5 model = s_model.Value;
        var e = Assert.Throws<ImageDecodeException>(() => model.Classify("GIF89a"u8));
        Assert.StartsWith("the image (6 bytes, starting 47-49-46-38): ", e.Message, StringComparison.Ordinal);
        var wrong = Assert.Throws<ArgumentException>(() => model.PredictImage(Image, new float[10]));
        Assert.StartsWith("logits must hold 1000 floats, but has 10.", wrong.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Classify(Image, top: 0));
        Assert.Equal(1000, model.Classify(Image, top: 5000).Length);
    }
}
