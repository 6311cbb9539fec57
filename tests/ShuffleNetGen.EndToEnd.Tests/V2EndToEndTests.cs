using System;
using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>Each canonical V2 spec's generated class against the reference executor, at batch 1 and batch 3.</summary>
public sealed class V2EndToEndTests
{
    /// <summary>Of the largest |logit|: float32 kernels with folded BatchNorm against a double-accumulating reference.</summary>
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("shufflenet_v2_x0_5", Traits = [SmallModels.Trait, SmallModels.Value])]
    [InlineData("shufflenet_v2_x1_0")]
    [InlineData("shufflenet_v2_x1_5")]
    [InlineData("shufflenet_v2_x2_0")]
    public void Predict_matches_reference_executor(string name)
    {
        new ModelFixture(name).AssertPredictMatchesReference(Tolerance, singleImages: ModelFixture.Batch);
    }

    [Theory]
    [InlineData("shufflenet_v2_x0_5", 1_366_792L, 41e6)]
    [InlineData("shufflenet_v2_x1_0", 2_278_604L, 146e6)]
    [InlineData("shufflenet_v2_x1_5", 3_503_624L, 299e6)]
    [InlineData("shufflenet_v2_x2_0", 7_393_996L, 591e6)]
    public void Info_matches_torchvision_parameters_and_paper_complexity(string name, long torchvisionParameters, double paperMultiplyAdds)
    {
        var info = GeneratedModels.All[name].Info;
        Assert.Equal(torchvisionParameters, info.Parameters);
        double ratio = info.MultiplyAdds / paperMultiplyAdds;
        Assert.InRange(ratio, 0.97, 1.03);
        long layerParameters = 0, layerMultiplyAdds = 0;
        foreach (var layer in info.Layers)
        {
            layerParameters += layer.Parameters;
            layerMultiplyAdds += layer.MultiplyAdds;
        }
        Assert.Equal(info.Parameters, layerParameters);
        Assert.Equal(info.MultiplyAdds, layerMultiplyAdds);
    }
}
