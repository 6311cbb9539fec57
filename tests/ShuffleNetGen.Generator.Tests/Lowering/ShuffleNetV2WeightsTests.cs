using System.Linq;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;
using ShuffleNetGen.Generator.Tests.Spec;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Lowering;

/// <summary>A V2 spec asking for megvii's names is told what V2 loads, without claiming torchvision's are the only V2 checkpoints.</summary>
public sealed class ShuffleNetV2WeightsTests
{
    // The smallest V2 table; only `weights` is wrong.
    [Fact]
    public void Megvii_weights_SNG0009_names_torchvision_and_says_why_megvii_s_V2_checkpoints_do_not_load()
    {
        const string text = """
            name: MegviiV2
            family: shufflenet_v2
            input: { channels: 3, height: 32, width: 32 }
            classes: 10
            stem: { channels: 8 }
            stages:
              - { repeats: 1, channels: 16 }
            head: { channels: 32 }
            weights: megvii

            """;
        ModelSpec spec = SpecAssert.Valid(text);
        LoweringResult lowered = ModelLowering.Lower(spec);

        DiagnosticInfo d = Assert.Single(lowered.Diagnostics);
        Assert.Equal("SNG0009", d.Id);
        Assert.Equal(spec.Locate("weights"), d.Location);
        Assert.Equal(["weights", "megvii"], d.MessageArgs.Take(2).ToArray());
        string expected = d.MessageArgs[2];
        Assert.StartsWith("torchvision", expected);
        Assert.DoesNotContain("only published", expected);
        Assert.Contains("ShuffleNet-Series V2 checkpoints", expected);
    }
}
