using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>
/// The canonical SqueezeNet specs' generated classes against the reference executor at batch 1 and 3, at 224x224 and at
/// Caffe's 227x227, their sizes against torchvision's modules, and a real torchvision SqueezeNet's logits.
/// </summary>
public sealed class SqueezeNetEndToEndTests
{
    /// <summary>Of the largest |logit|: float32 kernels against a double-accumulating reference.</summary>
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("squeezenet1_0")]
    [InlineData("squeezenet1_1")]
    [InlineData("squeezenet1_0_227")]
    [InlineData("squeezenet1_1_227")]
    [InlineData("squeezenet_tiny", Traits = [SmallModels.Trait, SmallModels.Value])]
    public void Predict_matches_reference_executor(string name)
    {
        new ModelFixture(name).AssertPredictMatchesReference(Tolerance, singleImages: ModelFixture.Batch);
    }

    /// <summary>
    /// Parameters as PyTorch counts them on torchvision's squeezenet1_0() and squeezenet1_1() (Fixtures/make_squeezenet_fixtures.py);
    /// multiply-adds of the convolutions, the classifier conv's included, at 224x224 within 1% of the published figures.
    /// </summary>
    [Theory]
    [InlineData("squeezenet1_0", 1_248_424L, 818.9e6)]
    [InlineData("squeezenet1_1", 1_235_496L, 349.2e6)]
    public void Info_matches_the_reference_parameters_and_complexity(string name, long parameters, double multiplyAdds)
    {
        var info = GeneratedModels.All[name].Info;
        Assert.Equal(parameters, info.Parameters);
        Assert.InRange(info.MultiplyAdds / multiplyAdds, 0.99, 1.01);
        Assert.Equal(info.Parameters, info.Layers.Sum(layer => layer.Parameters));
    }

    /// <summary>Every Fire's expands store into their halves of the concat: no layer of the plan copies a tensor.</summary>
    [Fact]
    public void The_concats_move_no_data()
    {
        var info = GeneratedModels.All["squeezenet1_1"].Info;
        Assert.All(info.Layers.Where(layer => layer.Kind == "Concat"), layer => Assert.Equal(0, layer.Calls));
        Assert.Equal(8, info.Layers.Count(layer => layer.Kernel == "WinogradConv3x3" && layer.Name.EndsWith(".expand3x3", System.StringComparison.Ordinal)));
    }

    /// <summary>torch 1.13's own logits for a torchvision SqueezeNet (Fire modules cut to two, 47x47) from its torch.save'd state_dict.</summary>
    [Fact, Trait(SmallModels.Trait, SmallModels.Value)]
    public void A_torchvision_SqueezeNet_gives_torchs_logits()
    {
        const string fixtures = "tests/ShuffleNetGen.EndToEnd.Tests/Fixtures";
        var model = SqueezeNetTiny.Load(RepositoryFiles.PathOf($"{fixtures}/squeezenet_tiny.pth"));
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(RepositoryFiles.PathOf($"{fixtures}/squeezenet_tiny.logits.json")));
        float[] torch = json.RootElement.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

        // The fixture script's input: ((i * 7919) mod 1000) / 500 - 1, exact in both languages.
        float[] input = Enumerable.Range(0, SqueezeNetTiny.InputLength).Select(i => (float)((i * 7919L % 1000) / 500.0 - 1.0)).ToArray();
        var logits = new float[SqueezeNetTiny.Classes];
        model.Predict(input, logits);

        ModelFixture.AssertClose(torch, logits, Tolerance, "torchvision SqueezeNet (tiny) from .pth vs torch");
    }
}
