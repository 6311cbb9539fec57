using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.Text;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Tests.Lowering;

/// <summary>
/// One canonical V1 spec (specs/shufflenet_v1_g{g}_x{scale}.model.yaml) and the complexity published for it, in M multiply-adds.
/// </summary>
internal sealed record V1Table(int Groups, double Scale, int Stem, int Stage2, int Stage3, int Stage4, double PublishedMFlops, string Source)
{
    public string ScaleName => Scale switch { 0.5 => "0_5", 1.0 => "1_0", 1.5 => "1_5", _ => "2_0" };
    public string FileName => $"shufflenet_v1_g{Groups}_x{ScaleName}.model.yaml";
    public string ClassName => $"ShuffleNetV1G{Groups}X{ScaleName}";
    public int[] Channels => new[] { Stage2, Stage3, Stage4 };
}

/// <summary>ModelSpec values for the V1 lowering tests, built in code so these tests don't depend on the YAML parser.</summary>
internal static class ShuffleNetV1Specs
{
    /// <summary>Paper Table 1: stage repeats, the stride-2 unit included.</summary>
    public static readonly int[] Repeats = { 4, 8, 4 };

    /// <summary>Paper Table 1: the 1x stage 2 channels for each group count (stages 3 and 4 double them).</summary>
    public static int PaperStage2(int groups) => groups switch { 1 => 144, 2 => 200, 3 => 240, 4 => 272, _ => 384 };

    /// <summary>
    /// The 20 canonical tables. g = 3 and g = 8 are megvii's network.py; the others are the paper's Table 1 scaled by
    /// ChannelRounding.ToMultiple(c, s, 4·g). Published complexities: paper Table 1 (1x, per g), Table 2 (0.5x: 38 for every g),
    /// Table 5 (g = 3: 1.5x 292, 2x 524), megvii's README (g = 8: 0.5x 40, 1.5x 290, 2x 522); where nothing is published
    /// (g = 1, 2, 4 at 1.5x and 2x) the paper's own rule, Sec. 4.1.1: "roughly s² times" the 1x complexity of Table 1.
    /// </summary>
    public static readonly V1Table[] Canonical =
    {
        new(1, 0.5, 12, 72, 144, 288, 38, "paper Table 2"),
        new(1, 1.0, 24, 144, 288, 576, 143, "paper Table 1"),
        new(1, 1.5, 24, 216, 432, 864, 143 * 2.25, "s² × Table 1 (Sec. 4.1.1)"),
        new(1, 2.0, 48, 288, 576, 1152, 143 * 4, "s² × Table 1 (Sec. 4.1.1)"),
        new(2, 0.5, 12, 104, 200, 400, 38, "paper Table 2"),
        new(2, 1.0, 24, 200, 400, 800, 140, "paper Table 1"),
        new(2, 1.5, 24, 304, 600, 1200, 140 * 2.25, "s² × Table 1 (Sec. 4.1.1)"),
        new(2, 2.0, 48, 400, 800, 1600, 140 * 4, "s² × Table 1 (Sec. 4.1.1)"),
        new(3, 0.5, 12, 120, 240, 480, 38, "paper Table 2"),
        new(3, 1.0, 24, 240, 480, 960, 137, "paper Table 1"),
        new(3, 1.5, 24, 360, 720, 1440, 292, "paper Table 5"),
        new(3, 2.0, 48, 480, 960, 1920, 524, "paper Table 5"),
        new(4, 0.5, 12, 144, 272, 544, 38, "paper Table 2"),
        new(4, 1.0, 24, 272, 544, 1088, 133, "paper Table 1"),
        new(4, 1.5, 24, 416, 816, 1632, 133 * 2.25, "s² × Table 1 (Sec. 4.1.1)"),
        new(4, 2.0, 48, 544, 1088, 2176, 133 * 4, "s² × Table 1 (Sec. 4.1.1)"),
        new(8, 0.5, 16, 192, 384, 768, 40, "megvii README (paper Table 2: 38)"),
        new(8, 1.0, 24, 384, 768, 1536, 137, "paper Table 1"),
        new(8, 1.5, 24, 576, 1152, 2304, 290, "megvii README"),
        new(8, 2.0, 48, 768, 1536, 3072, 522, "megvii README"),
    };

    public static V1Table Find(string className) => Canonical.Single(t => t.ClassName == className);

    public static IEnumerable<object[]> CanonicalNames => Canonical.Select(t => new object[] { t.ClassName });

    public static ModelSpec Of(V1Table table) =>
        Create(table.Groups, table.Stem, Repeats.Zip(table.Channels, (r, c) => (r, c)).ToArray()) with { Name = table.ClassName };

    /// <summary>A 224x224, 1000-class V1 spec as a megvii-named spec file would give it; every key has its own line.</summary>
    public static ModelSpec Create(int groups, int stem, params (int Repeats, int Channels)[] stages)
    {
        var keys = new List<string> { "name", "family", "input", "classes", "groups", "shuffle_order", "stem", "stem.channels", "stages" };
        for (int i = 0; i < stages.Length; i++)
        {
            keys.Add($"stages[{i}]");
            keys.Add($"stages[{i}].repeats");
            keys.Add($"stages[{i}].channels");
        }
        keys.AddRange(new[] { "weights", "classifier_bias", "head", "head.channels", "width_scale" });
        return new ModelSpec
        {
            Name = "TestV1",
            InputChannels = 3,
            InputHeight = 224,
            InputWidth = 224,
            Classes = 1000,
            Architecture = FamilySpec.Create(FamilyRegistry.ShuffleNetV1, stages.Select(s => StageRow.Of(s.Repeats, s.Channels)).ToArray())
                .With(SpecKeys.Stem, stem)
                .With(SpecKeys.Groups, groups)
                .With(SpecKeys.ShuffleOrder, ShuffleOrder.Megvii),
            FilePath = FilePath,
            Locations = keys.Select((k, line) => new KeyLocation(k, Line(line))).ToImmutableEquatableArray(),
        };
    }

    /// <summary>The spec with one family key changed.</summary>
    public static ModelSpec With<T>(this ModelSpec spec, SpecKey<T> key, T value)
        where T : notnull => spec with { Architecture = spec.Architecture.With(key, value) };

    public static ModelSpec WithWidthScale(this ModelSpec spec, double scale) =>
        spec with { Architecture = spec.Architecture with { WidthScale = scale } };

    public const string FilePath = "test_v1.model.yaml";

    /// <summary>A distinct location per key, so a test can tell which key a diagnostic points at.</summary>
    private static LocationInfo Line(int line) =>
        new(FilePath, new TextSpan(line * 100, 10), new LinePositionSpan(new LinePosition(line, 0), new LinePosition(line, 10)));
}
