using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis.Text;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Spec;

public class SpecParserValidTests
{
    private const string V2 = """
        # ShuffleNet V2 1.0x, as torchvision.models.shufflenet_v2_x1_0
        name: ShuffleNetV2X1_0
        namespace: MyApp.Models
        family: shufflenet_v2
        input: { channels: 3, height: 224, width: 224 }
        classes: 1000
        stem: { channels: 24 }
        stages:
          - { repeats: 4, channels: 116 }
          - { repeats: 8, channels: 232 }
          - { repeats: 4, channels: 464 }
        head: { channels: 1024 }
        weights: torchvision

        """;

    private const string V1 = """
        # ShuffleNet V1 1.0x with 3 groups, as megvii-model/ShuffleNet-Series ShuffleNetV1(group=3)
        name: ShuffleNetV1G3X1_0
        family: shufflenet_v1
        input:
          channels: 3
          height: 224
          width: 224
        classes: 1000
        width_scale: 0.5
        stem:
          channels: 24
        stages:
          - repeats: 4
            channels: 240
          - repeats: 8
            channels: 480
          - repeats: 4
            channels: 960
        groups: 3
        shuffle_order: megvii
        """;

    [Fact]
    public void V2SpecParsesIntoTheStageTableWithTorchvisionDefaults()
    {
        ModelSpec spec = SpecAssert.Valid(V2);
        var expected = new ModelSpec
        {
            Name = "ShuffleNetV2X1_0",
            Namespace = "MyApp.Models",
            InputChannels = 3,
            InputHeight = 224,
            InputWidth = 224,
            Classes = 1000,
            Architecture = FamilySpec.Create(FamilyRegistry.ShuffleNetV2, StageRow.Of(4, 116), StageRow.Of(8, 232), StageRow.Of(4, 464))
                .With(SpecKeys.Stem, 24)
                .With(SpecKeys.Head, 1024),
            // torchvision's ImageClassification preset: resize 256 (224 / 0.875), PIL bilinear, RGB, [0, 1], ImageNet mean and std.
            Preprocess = new PreprocessSpec(256, "bilinear", "rgb", "unit", new[] { 0.485, 0.456, 0.406 }.ToImmutableEquatableArray(),
                new[] { 0.229, 0.224, 0.225 }.ToImmutableEquatableArray()),
            FilePath = SpecAssert.FilePath,
            Locations = spec.Locations,
        };
        Assert.Equal((WeightNaming.Torchvision, true), (spec.Weights, spec.Get(SpecKeys.ClassifierBias)));
        Assert.Equal(expected, spec);
    }

    [Fact]
    public void V1SpecInBlockStyleParsesWithMegviiDefaults()
    {
        ModelSpec spec = SpecAssert.Valid(V1);
        var expected = new ModelSpec
        {
            Name = "ShuffleNetV1G3X1_0",
            Namespace = null,
            InputChannels = 3,
            InputHeight = 224,
            InputWidth = 224,
            Classes = 1000,
            Architecture = (FamilySpec.Create(FamilyRegistry.ShuffleNetV1, StageRow.Of(4, 240), StageRow.Of(8, 480), StageRow.Of(4, 960))
                with { WidthScale = 0.5 })
                .With(SpecKeys.Stem, 24)
                .With(SpecKeys.Groups, 3)
                .With(SpecKeys.ShuffleOrder, ShuffleOrder.Megvii),
            // megvii's evaluation: OpencvResize(256), CenterCrop(224), ToBGRTensor (0-255, no normalisation).
            Preprocess = new PreprocessSpec(256, "opencv_bilinear", "bgr", "byte", new[] { 0.0, 0.0, 0.0 }.ToImmutableEquatableArray(),
                new[] { 1.0, 1.0, 1.0 }.ToImmutableEquatableArray()),
            FilePath = SpecAssert.FilePath,
            Locations = spec.Locations,
        };
        Assert.Equal((WeightNaming.Megvii, false), (spec.Weights, spec.Get(SpecKeys.ClassifierBias)));
        Assert.Equal(expected, spec);
    }

    [Fact]
    public void ExplicitOptionalKeysOverrideTheFamilyDefaults()
    {
        ModelSpec spec = SpecAssert.Valid("""
            name: Tiny
            family: shufflenet_v1
            input: { channels: 1, height: 31, width: 17 }
            classes: 7
            width_scale: 2
            stem: { channels: 12 }
            stages: [ { repeats: 1, channels: 24 } ]
            groups: 2
            shuffle_order: paper
            weights: megvii
            classifier_bias: true
            """);
        Assert.Equal((1, 31, 17, 7, 2.0), (spec.InputChannels, spec.InputHeight, spec.InputWidth, spec.Classes, spec.WidthScale));
        Assert.Equal((2, ShuffleOrder.Paper, true), (spec.Get(SpecKeys.Groups), spec.Get(SpecKeys.ShuffleOrder), spec.Get(SpecKeys.ClassifierBias)));
    }

    /// <summary>Issue 12 item 3: megvii's checkpoints need megvii's shuffle, so a spec that names no order gets the naming's.</summary>
    [Fact]
    public void V1WithoutShuffleOrderShufflesAsItsWeightNamingDoes()
    {
        string withoutOrder = V1.Replace("\nshuffle_order: megvii", string.Empty);
        Assert.DoesNotContain("shuffle_order", withoutOrder);
        ModelSpec implicitOrder = SpecAssert.Valid(withoutOrder);
        Assert.Equal(WeightNaming.Megvii, implicitOrder.Weights);
        Assert.Equal(ShuffleOrder.Megvii, implicitOrder.Get(SpecKeys.ShuffleOrder));
        Assert.Equal(SpecAssert.Valid(V1).Architecture, implicitOrder.Architecture);
    }

    [Fact]
    public void V1ShuffleOrderPaperOverridesTheNamingsOrder() =>
        Assert.Equal(ShuffleOrder.Paper, SpecAssert.Valid(V1.Replace("shuffle_order: megvii", "shuffle_order: paper")).Get(SpecKeys.ShuffleOrder));

    [Fact]
    public void V2AcceptsGroupsOneAndThePaperShuffleOrder()
    {
        ModelSpec spec = SpecAssert.Valid(V2 + "groups: 1\nshuffle_order: paper\nclassifier_bias: false\n");
        Assert.False(spec.Get(SpecKeys.ClassifierBias));
        Assert.Equal(SpecAssert.Valid(V2).Architecture.With(SpecKeys.ClassifierBias, false), spec.Architecture);
    }

    [Fact]
    public void EqualTextsGiveEqualSpecsSoTheIncrementalPipelineCaches()
    {
        ModelSpec first = SpecAssert.Valid(V2);
        ModelSpec second = SpecAssert.Valid(V2);
        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.Equal(SpecAssert.Parse(V2), SpecAssert.Parse(V2));
    }

    [Fact]
    public void AnEditAfterTheLastKeyKeepsTheSpecEqual()
    {
        Assert.Equal(SpecAssert.Valid(V2), SpecAssert.Valid(V2 + "# tuned on 2024-05-01\n"));
    }

    [Fact]
    public void ChangingOneValueMakesSpecsDiffer()
    {
        Assert.NotEqual(SpecAssert.Valid(V2), SpecAssert.Valid(V2.Replace("classes: 1000", "classes: 1001")));
    }

    [Theory]
    [InlineData("name", 1, 6, "ShuffleNetV2X1_0")]
    [InlineData("namespace", 2, 11, "MyApp.Models")]
    [InlineData("family", 3, 8, "shufflenet_v2")]
    [InlineData("input", 4, 7, "{ channels: 3, height: 224, width: 224 }")]
    [InlineData("input.channels", 4, 19, "3")]
    [InlineData("input.height", 4, 30, "224")]
    [InlineData("input.width", 4, 42, "224")]
    [InlineData("classes", 5, 9, "1000")]
    [InlineData("stem", 6, 6, "{ channels: 24 }")]
    [InlineData("stem.channels", 6, 18, "24")]
    [InlineData("stages[0]", 8, 4, "{ repeats: 4, channels: 116 }")]
    [InlineData("stages[1].repeats", 9, 15, "8")]
    [InlineData("stages[2].channels", 10, 28, "464")]
    [InlineData("head", 11, 6, "{ channels: 1024 }")]
    [InlineData("head.channels", 11, 18, "1024")]
    [InlineData("weights", 12, 9, "torchvision")]
    public void EveryKeyIsLocatedAtItsValue(string path, int line, int column, string written)
    {
        foreach (string text in new[] { V2, V2.Replace("\n", "\r\n") })
        {
            LocationInfo location = SpecAssert.Valid(text).Locate(path);
            Assert.Equal(new LinePosition(line, column), location.LineSpan.Start);
            Assert.Equal(written, text.Substring(location.Span.Start, location.Span.Length));
        }
    }

    [Fact]
    public void BlockCollectionsAreLocatedFromTheirFirstToTheirLastValue()
    {
        ModelSpec spec = SpecAssert.Valid(V1);
        LocationInfo stages = spec.Locate("stages");
        Assert.Equal(new LinePositionSpan(new LinePosition(12, 2), new LinePosition(17, 17)), stages.LineSpan);
        Assert.Equal(new LinePosition(15, 14), spec.Locate("stages[1].channels").LineSpan.Start);
        Assert.Equal(new LinePosition(18, 8), spec.Locate("groups").LineSpan.Start);
        Assert.Equal(new LinePosition(19, 15), spec.Locate("shuffle_order").LineSpan.Start);
        Assert.Equal(new LinePosition(8, 13), spec.Locate("width_scale").LineSpan.Start);
    }

    [Fact]
    public void UnwrittenKeysFallBackToTheirParentThenTheFileStart()
    {
        ModelSpec spec = SpecAssert.Valid(V2);
        Assert.Equal(spec.Locate("stages[0]"), spec.Locate("stages[0].width"));
        Assert.Equal(LocationInfo.FileStart(SpecAssert.FilePath), spec.Locate("groups"));
    }

    [Fact]
    public void AliasedStageRowsParseAndAreLocatedAtTheAlias()
    {
        ModelSpec spec = SpecAssert.Valid("""
            name: Net
            family: shufflenet_v2
            input: { channels: 3, height: 64, width: 64 }
            classes: 10
            stem: { channels: 24 }
            stages:
              - &row { repeats: 2, channels: 48 }
              - *row
            head: { channels: 128 }
            """);
        Assert.Equal(new[] { StageRow.Of(2, 48), StageRow.Of(2, 48) }, spec.Stages);
        Assert.Equal(new LinePosition(7, 4), spec.Locate("stages[1]").LineSpan.Start);
    }

    [Fact]
    public void EveryCanonicalSpecInTheRepositoryParses()
    {
        string[] files = Directory.GetFiles(RepositoryFiles.PathOf("specs"), "*.model.yaml");
        Assert.NotEmpty(files);
        foreach (string file in files.OrderBy(f => f, System.StringComparer.Ordinal))
        {
            SpecParseResult result = SpecParser.Parse(file, File.ReadAllText(file));
            Assert.True(result.Spec is not null, file + ": " + SpecAssert.Format(result));
            Assert.Equal(Path.GetFileName(file).StartsWith("shufflenet_v2", System.StringComparison.Ordinal),
                result.Spec!.Family == FamilyRegistry.ShuffleNetV2);
        }
    }
}
