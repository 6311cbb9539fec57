using System;
using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>
/// ShuffleNet V1 g=3 and g=8 at 1.0x and 0.5x, in megvii's shuffle order (the canonical specs) and the paper's
/// (test-only specs under Specs/), against the reference executor at batch 1 and batch 3.
/// </summary>
public sealed class V1EndToEndTests
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("shufflenet_v1_g3_x1_0")]
    [InlineData("shufflenet_v1_g3_x1_0_paper")]
    [InlineData("shufflenet_v1_g3_x0_5", Traits = [SmallModels.Trait, SmallModels.Value])]
    [InlineData("shufflenet_v1_g3_x0_5_paper", Traits = [SmallModels.Trait, SmallModels.Value])]
    [InlineData("shufflenet_v1_g8_x1_0")]
    [InlineData("shufflenet_v1_g8_x1_0_paper")]
    [InlineData("shufflenet_v1_g8_x0_5", Traits = [SmallModels.Trait, SmallModels.Value])]
    [InlineData("shufflenet_v1_g8_x0_5_paper", Traits = [SmallModels.Trait, SmallModels.Value])]
    public void Predict_matches_reference_executor(string name)
    {
        new ModelFixture(name).AssertPredictMatchesReference(Tolerance, singleImages: 1);
    }

    /// <summary>megvii's README: ShuffleNetV1 1.0x g=3 1.9 M parameters, g=8 2.4 M (given to two digits).</summary>
    [Theory]
    [InlineData("shufflenet_v1_g3_x1_0", 1.9e6)]
    [InlineData("shufflenet_v1_g8_x1_0", 2.4e6)]
    public void Parameters_agree_with_megvii(string name, double published)
    {
        Assert.InRange(GeneratedModels.All[name].Info.Parameters / published, 0.97, 1.03);
    }
}
