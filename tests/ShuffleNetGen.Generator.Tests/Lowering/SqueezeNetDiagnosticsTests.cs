using System.Linq;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;
using ShuffleNetGen.Generator.Tests.Spec;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Lowering;

/// <summary>Each SqueezeNet spec rule, from the smallest spec that breaks it, located at zero-based line:column with its message.</summary>
public sealed class SqueezeNetDiagnosticsTests
{
    /// <summary>0 name, 1 family, 2 input, 3 classes, 4 stem, 5 stem_kernel, 6 stages, 7 stages[0], 8 stages[1].</summary>
    private const string Net = """
        name: Net
        family: squeezenet
        input: { channels: 3, height: 64, width: 64 }
        classes: 10
        stem: { channels: 64 }
        stem_kernel: 3
        stages:
          - { s1x1: 16, e1x1: 64, e3x3: 64, pool: 1 }
          - { s1x1: 32, e1x1: 128, e3x3: 128, pool: 0 }

        """;

    private static string Replace(string spec, string text, string with)
    {
        Assert.Contains(text, spec);
        return spec.Replace(text, with);
    }

    private static DiagnosticInfo SingleFromLowering(string text, string id, int line, int column)
    {
        LoweringResult lowered = ModelLowering.Lower(SpecAssert.Valid(text));
        Assert.Null(lowered.Graph);
        DiagnosticInfo d = Assert.Single(lowered.Diagnostics);
        SpecAssert.AssertAt(d, id, line, column);
        return d;
    }

    [Fact]
    public void TheBaseSpecIsValidAndLowers() =>
        Assert.NotNull(ModelLowering.Lower(SpecAssert.Valid(Net)).Graph);

    /// <summary>64 → 31 (3x3 s2) → 15 (the stem's pool) → 7, 3, 1 → nothing: the pool after stages[3] would leave no map (SNG0055 at input).</summary>
    [Fact]
    public void Input_too_small_for_the_pools_SNG0055_at_input_names_the_first_empty_layer()
    {
        string spec = Replace(Net, "  - { s1x1: 32, e1x1: 128, e3x3: 128, pool: 0 }\n",
            string.Concat(Enumerable.Repeat("  - { s1x1: 32, e1x1: 128, e3x3: 128, pool: 1 }\n", 4)));
        DiagnosticInfo d = SingleFromLowering(spec, "SNG0055", 2, 7);
        Assert.Equal(new[] { "64x64", "squeezenet", "the max pool after stages[3]" }, d.MessageArgs.ToArray());
        Assert.Contains("Output size is too small", SpecAssert.Message(d));
    }

    [Fact]
    public void Input_smaller_than_the_stem_kernel_SNG0055_names_the_stem()
    {
        DiagnosticInfo d = SingleFromLowering(Replace(Replace(Net, "height: 64, width: 64", "height: 6, width: 64"), "stem_kernel: 3", "stem_kernel: 7"), "SNG0055", 2, 7);
        Assert.Equal(new[] { "6x64", "squeezenet", "the stem's 7x7 stride-2 conv (features.0)" }, d.MessageArgs.ToArray());
    }

    [Fact]
    public void Without_stem_kernel_SNG0003_says_which_version_has_which()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(Net, "stem_kernel: 3\n", ""), "SNG0003", 0, 0);
        Assert.Contains("7 in 1.0, 3 in 1.1", SpecAssert.Message(d));
    }

    [Fact]
    public void Stem_kernel_5_SNG0009_lists_7_and_3()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(Net, "stem_kernel: 3", "stem_kernel: 5"), "SNG0009", 5, 13);
        Assert.Equal(new[] { "stem_kernel", "5", "7, 3 (SqueezeNet 1.0's conv1 is 7x7, 1.1's is 3x3)" }, d.MessageArgs.ToArray());
    }

    [Fact]
    public void Pool_2_SNG0005_says_0_or_1()
    {
        DiagnosticInfo d = SpecAssert.Single(Replace(Net, "e3x3: 64, pool: 1", "e3x3: 64, pool: 2"), "SNG0005", 7, 42);
        Assert.Equal(new[] { "stages[0].pool", "2", "from 0 to 1" }, d.MessageArgs.ToArray());
    }

    [Fact]
    public void Head_SNG0015_says_the_classifier_is_a_conv()
    {
        DiagnosticInfo d = SpecAssert.Single(Net + "head: { channels: 1024 }\n", "SNG0015", 9, 6);
        Assert.Equal("SqueezeNet's classifier is a 1x1 conv straight to the classes; remove 'head'", d.MessageArgs[2]);
    }

    [Fact]
    public void Width_scale_truncating_a_squeeze_to_0_SNG0012_names_the_column()
    {
        // int(16 · 0.05) = 0 while the stem keeps int(64 · 0.05) = 3.
        DiagnosticInfo d = SpecAssert.Single("width_scale: 0.05\n" + Net, "SNG0012", 0, 13);
        Assert.Contains("'stages[0].s1x1' (16) with int(16 · 0.05) = 0", d.MessageArgs[1]);
    }
}
