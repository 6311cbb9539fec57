using System.Linq;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;
using ShuffleNetGen.Generator.Tests.Spec;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Lowering;

/// <summary>Each MobileNet spec rule, from the smallest spec that breaks it, located at zero-based line:column with its message.</summary>
public sealed class MobileNetDiagnosticsTests
{
    /// <summary>0 name, 1 family, 2 input, 3 classes, 4 stem, 5 stages, 6 stages[0], 7 stages[1], 8 head.</summary>
    private const string V2 = """
        name: Net
        family: mobilenet_v2
        input: { channels: 3, height: 32, width: 32 }
        classes: 10
        stem: { channels: 32 }
        stages:
          - { t: 1, c: 16, n: 1, s: 1 }
          - { t: 6, c: 24, n: 2, s: 2 }
        head: { channels: 1280 }

        """;

    /// <summary>0 name, 1 family, 2 input, 3 classes, 4 stem, 5 stages, 6 stages[0], 7 stages[1].</summary>
    private const string V1 = """
        name: Net
        family: mobilenet_v1
        input: { channels: 3, height: 32, width: 32 }
        classes: 10
        stem: { channels: 32 }
        stages:
          - { channels: 64, repeats: 1, stride: 1 }
          - { channels: 128, repeats: 2, stride: 2 }

        """;

    /// <summary>0 name, 1 family, 2 input, 3 classes, 4 stem, 5 stages, 6 stages[0], 7 stages[1], 8 head.</summary>
    private const string V3 = """
        name: Net
        family: mobilenet_v3
        input: { channels: 3, height: 32, width: 32 }
        classes: 10
        stem: { channels: 16 }
        stages:
          - { k: 3, exp: 16, c: 16, se: 1, hs: 0, s: 2 }
          - { k: 5, exp: 72, c: 24, se: 0, hs: 1, s: 2 }
        head: { channels: 1024 }

        """;

    private static string Replace(string spec, string text, string with)
    {
        Assert.Contains(text, spec);
        return spec.Replace(text, with);
    }

    [Fact]
    public void TheBaseSpecsAreValid()
    {
        SpecAssert.Valid(V2);
        SpecAssert.Valid(V1);
        SpecAssert.Valid(V3);
    }

    [Fact]
    public void V3_kernel_4_SNG0050_says_3_or_5()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V3, "{ k: 5,", "{ k: 4,"), "SNG0050", 7, 9);
        Assert.Equal(new[] { "4" }, d.MessageArgs.ToArray());
        Assert.Contains("3x3 or 5x5", SpecAssert.Message(d));
    }

    [Fact]
    public void V3_kernel_7_SNG0005_is_out_of_the_columns_range()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V3, "{ k: 5,", "{ k: 7,"), "SNG0005", 7, 9);
        Assert.Equal(new[] { "stages[1].k", "7", "from 3 to 5" }, d.MessageArgs.ToArray());
    }

    [Fact]
    public void V3_without_head_SNG0003_names_torchvisions_last_channel()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V3, "head: { channels: 1024 }\n", ""), "SNG0003", 0, 0);
        Assert.Contains("last_channel: 1280 large, 1024 small", SpecAssert.Message(d));
    }

    [Fact]
    public void V3_row_without_se_SNG0003_at_the_row()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V3, " se: 0,", ""), "SNG0003", 7, 4);
        Assert.StartsWith("Missing required key 'se' in 'stages[1]'", SpecAssert.Message(d));
    }

    [Fact]
    public void V2_without_head_SNG0003_names_torchvisions_last_channel()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V2, "head: { channels: 1280 }\n", ""), "SNG0003", 0, 0);
        Assert.Contains("'head'", SpecAssert.Message(d));
        Assert.Contains("last_channel, 1280", SpecAssert.Message(d));
    }

    [Fact]
    public void V2_row_without_t_SNG0003_at_the_row()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V2, "{ t: 1, c: 16,", "{ c: 16,"), "SNG0003", 6, 4);
        Assert.StartsWith("Missing required key 't' in 'stages[0]'; e.g. t: 6", SpecAssert.Message(d));
    }

    [Fact]
    public void V2_stride_3_SNG0005_says_1_or_2()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V2, "n: 2, s: 2", "n: 2, s: 3"), "SNG0005", 7, 28);
        Assert.Equal(new[] { "stages[1].s", "3", "from 1 to 2" }, d.MessageArgs.ToArray());
    }

    [Fact]
    public void V2_expansion_0_SNG0005()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V2, "{ t: 6,", "{ t: 0,"), "SNG0005", 7, 9);
        Assert.Equal("stages[1].t", d.MessageArgs[0]);
    }

    [Fact]
    public void V2_with_ShuffleNet_columns_SNG0002_suggests_nothing_and_lists_Table_2s()
    {
        SpecParseResult result = SpecAssert.Parse(Replace(V2, "{ t: 1, c: 16, n: 1, s: 1 }", "{ repeats: 1, channels: 16 }"));
        Assert.Null(result.Spec);
        DiagnosticInfo unknown = result.Diagnostics.First(d => d.Id == "SNG0002");
        SpecAssert.AssertAt(unknown, "SNG0002", 6, 6);
        Assert.Contains("t, c, n, s", SpecAssert.Message(unknown));
    }

    [Fact]
    public void V2_groups_SNG0015_says_whose_key_it_is()
    {
        DiagnosticInfo d = SpecAssert.Single(V2 + "groups: 1\n", "SNG0015", 9, 8);
        Assert.Equal(new[] { "groups", "mobilenet_v2", "it is a key of shufflenet_v2, shufflenet_v1; remove it" }, d.MessageArgs.ToArray());
    }

    [Fact]
    public void V2_megvii_weights_SNG0009_lists_torchvision()
    {
        DiagnosticInfo d = SpecAssert.Single(V2 + "weights: megvii\n", "SNG0009", 9, 9);
        Assert.Equal(new[] { "weights", "megvii", "torchvision" }, d.MessageArgs.ToArray());
    }

    [Fact]
    public void V1_head_SNG0015_says_it_pools_into_the_classifier()
    {
        DiagnosticInfo d = SpecAssert.Single(V1 + "head: { channels: 1024 }\n", "SNG0015", 8, 6);
        Assert.Equal("V1 pools the last stage straight into the classifier; remove 'head'", d.MessageArgs[2]);
    }

    [Fact]
    public void V1_torchvision_weights_SNG0009_says_torchvision_has_none()
    {
        DiagnosticInfo d = SpecAssert.Single(V1 + "weights: torchvision\n", "SNG0009", 8, 9);
        Assert.Equal(new[] { "weights", "torchvision", "marvis (torchvision has no MobileNet V1)" }, d.MessageArgs.ToArray());
    }

    [Fact]
    public void V1_width_scale_truncating_the_stem_to_0_SNG0012_at_width_scale()
    {
        DiagnosticInfo d = SpecAssert.Single("width_scale: 0.01\n" + V1, "SNG0012", 0, 13);
        Assert.Equal(new[] { "mobilenet_v1", "width_scale 0.01 leaves 'stem.channels' (32) with int(32 · 0.01) = 0 channels; use a larger width_scale" },
            d.MessageArgs.ToArray());
    }

    [Fact]
    public void V1_width_scale_truncating_a_stage_to_0_SNG0012_names_the_stage()
    {
        // int(64 · 0.015) = 0 while the stem keeps int(100 · 0.015) = 1.
        DiagnosticInfo d = SpecAssert.Single("width_scale: 0.015\n" + Replace(V1, "stem: { channels: 32 }", "stem: { channels: 100 }"), "SNG0012", 0, 13);
        Assert.Contains("'stages[0].channels' (64) with int(64 · 0.015) = 0", d.MessageArgs[1]);
    }

    [Fact]
    public void Stride_4_in_V1_SNG0005()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(V1, "repeats: 2, stride: 2", "repeats: 2, stride: 4"), "SNG0005", 7, 41);
        Assert.Equal(new[] { "stages[1].stride", "4", "from 1 to 2" }, d.MessageArgs.ToArray());
    }
}
