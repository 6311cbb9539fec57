using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>
/// The canonical MobileNet specs' generated classes against the reference executor at batch 1 and 3, their sizes against
/// the reference modules', and real torchvision MobileNetV2 and V3 logits, so the semantics (V3's hardswish,
/// squeeze-and-excitation and 5x5 depthwise convolutions among them) are checked apart from our executor.
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
    [InlineData("mobilenet_v3_large")]
    [InlineData("mobilenet_v3_small", Traits = [SmallModels.Trait, SmallModels.Value])]
    [InlineData("mobilenet_v3_tiny", Traits = [SmallModels.Trait, SmallModels.Value])]
    public void Predict_matches_reference_executor(string name)
    {
        new ModelFixture(name).AssertPredictMatchesReference(Tolerance, singleImages: ModelFixture.Batch);
    }

    /// <summary>
    /// Parameters as PyTorch counts them on the reference module (torchvision's mobilenet_v2(width_mult), mobilenet_v3_large()
    /// and _small(), seed 003's V1; see Fixtures/make_mobilenet_fixtures.py); multiply-adds of the convolutions (V3's
    /// squeeze-and-excitation included) and the linear layers at 224x224 within 1% of the published figures.
    /// </summary>
    [Theory]
    [InlineData("mobilenet_v1", 4_231_976L, 568.7e6)]
    [InlineData("mobilenet_v2", 3_504_872L, 300.8e6)]
    [InlineData("mobilenet_v2_x0_75", 2_636_424L, 209.1e6)]
    [InlineData("mobilenet_v2_x0_5", 1_968_680L, 97.1e6)]
    [InlineData("mobilenet_v2_x1_4", 6_108_776L, 582.2e6)]
    [InlineData("mobilenet_v3_large", 5_483_032L, 216.6e6)]
    [InlineData("mobilenet_v3_small", 2_542_856L, 56.5e6)]
    public void Info_matches_the_reference_parameters_and_complexity(string name, long parameters, double multiplyAdds)
    {
        var info = GeneratedModels.All[name].Info;
        Assert.Equal(parameters, info.Parameters);
        Assert.InRange(info.MultiplyAdds / multiplyAdds, 0.99, 1.01);
        Assert.Equal(info.Parameters, info.Layers.Sum(layer => layer.Parameters));
    }

    /// <summary>
    /// torch 1.13's own logits for a torchvision MobileNetV2 (cut to three rows, width 0.5, 64x64) and MobileNetV3 (four rows,
    /// width 0.5, 64x64) from their torch.save'd state_dicts.
    /// </summary>
    [Theory]
    [InlineData("mobilenet_v2_tiny", Traits = [SmallModels.Trait, SmallModels.Value])]
    [InlineData("mobilenet_v3_tiny", Traits = [SmallModels.Trait, SmallModels.Value])]
    public void A_torchvision_model_gives_torchs_logits(string name)
    {
        const string fixtures = "tests/ShuffleNetGen.EndToEnd.Tests/Fixtures";
        GeneratedModel generated = GeneratedModels.All[name];
        Predictor predict = generated.Load(RepositoryFiles.PathOf($"{fixtures}/{name}.pth"));
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(RepositoryFiles.PathOf($"{fixtures}/{name}.logits.json")));
        float[] torch = json.RootElement.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

        // The fixture script's input: ((i * 7919) mod 1000) / 500 - 1, exact in both languages.
        float[] input = Enumerable.Range(0, generated.InputLength).Select(i => (float)((i * 7919L % 1000) / 500.0 - 1.0)).ToArray();
        var logits = new float[generated.Info.Classes];
        predict(input, logits, 1);

        ModelFixture.AssertClose(torch, logits, Tolerance, $"torchvision {name} from .pth vs torch");
    }
}
