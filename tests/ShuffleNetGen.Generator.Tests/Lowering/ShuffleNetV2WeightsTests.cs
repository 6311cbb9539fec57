using System.Linq;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;
using ShuffleNetGen.Generator.Tests.Spec;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Lowering;

/// <summary>
/// A V2 spec asking for megvii's names is told what V2 loads (torchvision's), without claiming torchvision's are the only
/// V2 checkpoints: megvii's ShuffleNet-Series V2 checkpoints exist but use other names, another channel split and a
/// classifier without bias (README, "Export weights from PyTorch").
/// </summary>
public sealed class ShuffleNetV2WeightsTests
{
    // The smallest V2 table; only `weights` is wrong.
    [Fact]
    public void Megvii_weights_SNG0009_names_torchvision_as_the_choice()
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
        SpecParseResult parsed = SpecAssert.Parse(text);

        DiagnosticInfo d = Assert.Single(parsed.Diagnostics);
        SpecAssert.AssertAt(d, "SNG0009", 8, 9);
        Assert.Equal(["weights", "megvii", "torchvision"], d.MessageArgs.ToArray());
        Assert.DoesNotContain("only published", SpecAssert.Message(d));
    }
}
