using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>
/// The canonical MobileNet specs' generated classes against the reference executor at batch 1 and 3, their sizes against
/// the reference modules', and a real torchvision MobileNetV2's logits, so the semantics are checked apart from our executor.
/// </summary>
public sealed class MobileNetEndToEndTests
{
    /// <summary>Of the largest |logit|: float32 kernels with folded BatchNorm against a double-accumulating reference.</summary>
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("mobilenet_v1")]
    [InlineData("mobilenet_v2")]
    [InlineData("mobilenet_v2_x0_75")]
    [InlineData("mobilenet_v2_x0_5", Traits = [SmallModels.Trait, SmallModels.Value])]
    [InlineData("mobilenet_v2_x1_4")]
    [InlineData("mobilenet_v2_tiny", Traits = [SmallModels.Trait, SmallModels.Value])]
    public void Predict_matches_reference_executor(string name)
    {
        new ModelFixture(name).AssertPredictMatchesReference(Tolerance, singleImages: ModelFixture.Batch);
    }

    /// <summary>
    /// Parameters as PyTorch counts them on the reference module (torchvision's mobilenet_v2(width_mult), seed 003's V1; see
    /// Fixtures/make_mobilenet_fixtures.py); multiply-adds of the convolutions and the classifier at 224x224 within 1% of
    /// the published figures.
    /// </summary>
    [Theory]
    [InlineData("mobilenet_v1", 4_231_976L, 568.7e6)]
    [InlineData("mobilenet_v2", 3_504_872L, 300.8e6)]
    [InlineData("mobilenet_v2_x0_75", 2_636_424L, 209.1e6)]
    [InlineData("mobilenet_v2_x0_5", 1_968_680L, 97.1e6)]
    [InlineData("mobilenet_v2_x1_4", 6_108_776L, 582.2e6)]
    public void Info_matches_the_reference_parameters_and_complexity(string name, long parameters, double multiplyAdds)
    {
        var info = GeneratedModels.All[name].Info;
        Assert.Equal(parameters, info.Parameters);
        Assert.InRange(info.MultiplyAdds / multiplyAdds, 0.99, 1.01);
        Assert.Equal(info.Parameters, info.Layers.Sum(layer => layer.Parameters));
    }

    /// <summary>torch 1.13's own logits for a torchvision MobileNetV2 (cut to three rows, width 0.5, 64x64) from its torch.save'd state_dict.</summary>
    [Fact, Trait(SmallModels.Trait, SmallModels.Value)]
    public void A_torchvision_MobileNetV2_gives_torchs_logits()
    {
        const string fixtures = "tests/ShuffleNetGen.EndToEnd.Tests/Fixtures";
        var model = MobileNetV2Tiny.Load(RepositoryFiles.PathOf($"{fixtures}/mobilenet_v2_tiny.pth"));
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(RepositoryFiles.PathOf($"{fixtures}/mobilenet_v2_tiny.logits.json")));
        float[] torch = json.RootElement.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

        // The fixture script's input: ((i * 7919) mod 1000) / 500 - 1, exact in both languages.
        float[] input = Enumerable.Range(0, MobileNetV2Tiny.InputLength).Select(i => (float)((i * 7919L % 1000) / 500.0 - 1.0)).ToArray();
        var logits = new float[MobileNetV2Tiny.Classes];
        model.Predict(input, logits);

        ModelFixture.AssertClose(torch, logits, Tolerance, "torchvision MobileNetV2 (tiny) from .pth vs torch");
    }
}
