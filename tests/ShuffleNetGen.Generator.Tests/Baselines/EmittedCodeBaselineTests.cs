using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using ShuffleNetGen.Generator.Tests.Pipeline;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Baselines;

/// <summary>
/// The emitted class of two canonical specs, through the real driver, against reviewed baselines. A kernel or fusion change
/// that alters the text shows up as a diff here; regenerate with <c>-p:UpdateBaselines=true</c> and review.
/// </summary>
public class EmittedCodeBaselineTests
{
    [Fact]
    public void ShuffleNetV2X1_0() => AssertBaseline("shufflenet_v2_x1_0.model.yaml");

    [Fact]
    public void ShuffleNetV1G3X1_0() => AssertBaseline("shufflenet_v1_g3_x1_0.model.yaml");

    [Fact]
    public void MobileNetV2() => AssertBaseline("mobilenet_v2.model.yaml");

    [Fact]
    public void MobileNetV3Large() => AssertBaseline("mobilenet_v3_large.model.yaml");

    /// <summary>
    /// Issue 15: MobileNet V3 Large's h-swish is in every store that follows a Hardswish (stem, expand, depthwise, last conv,
    /// classifier.0), its 5x5 depthwise convs run their own kernel, and each of its 8 squeeze-and-excitations is one global
    /// pool, two 1x1 convs over one pixel as matrix-vector products (ReLU, then the hard sigmoid, in their stores) and one
    /// in-place channel scale.
    /// </summary>
    [Fact]
    public void MobileNetV3LargeFusesItsActivationsAndSqueezeExcitations()
    {
        string source = GeneratorHarness.Run(CanonicalSpecs.AdditionalText("mobilenet_v3_large.model.yaml")).Source("MobileNetV3Large.g.cs");
        IReadOnlyList<EmittedStep> steps = EmittedSteps.Read(source);
        const string K = "global::ShuffleNetGen.Runtime.Kernels.Activation.";

        Assert.Equal(new[] { "Conv1x1", "DepthwiseConv3x3", "DepthwiseConv5x5", "GlobalAveragePool", "HiddenLinear", "Linear", "SqueezeExciteFc", "SqueezeExciteScale", "StemConv3x3" },
            steps.Select(s => s.Kernel).Distinct().Order());
        Assert.Equal(6, steps.Count(s => s.Kernel == "DepthwiseConv5x5"));
        Assert.Equal(8, steps.Count(s => s.Kernel == "SqueezeExciteScale"));
        Assert.Equal(8 + 1, steps.Count(s => s.Kernel == "GlobalAveragePool"));
        List<EmittedStep> excitations = steps.Where(s => s.Kernel == "SqueezeExciteFc").ToList();
        Assert.Equal(8, excitations.Count(s => s.Arguments[^1] == K + "HardSigmoid"));
        Assert.Equal(8, excitations.Count(s => s.Arguments[^1] == K + "Relu"));
        List<EmittedStep> pointwise = steps.Where(s => s.Kernel == "Conv1x1").ToList();
        Assert.Equal(5, pointwise.Count(s => s.Arguments[^2] == K + "Relu"));
        Assert.Equal(K + "HardSwish", steps.Single(s => s.Kernel == "StemConv3x3").Arguments[^1]);
        Assert.Equal(K + "HardSwish", steps.Single(s => s.Kernel == "HiddenLinear").Arguments[^1]);
        Assert.Equal(15, pointwise.Count(s => s.Arguments[^2] == K + "Identity"));
    }

    [Fact]
    public void SqueezeNet1_1() => AssertBaseline("squeezenet1_1.model.yaml");

    /// <summary>
    /// Issue 15: SqueezeNet's concats move no data — each Fire's expand1x1 (Conv1x1) and expand3x3 (WinogradConv3x3) store ReLU
    /// into their halves of one buffer, the stem is a Conv7x7 (1.0) reading the image, the pools are ceil-mode MaxPool3x3
    /// with padding 0, and the global pool writes the logits; no step copies, concatenates or computes an activation alone.
    /// </summary>
    [Fact]
    public void SqueezeNet1_0RunsItsFiresWithoutACopy()
    {
        string source = GeneratorHarness.Run(CanonicalSpecs.AdditionalText("squeezenet1_0.model.yaml")).Source("SqueezeNet1_0.g.cs");
        IReadOnlyList<EmittedStep> steps = EmittedSteps.Read(source);
        const string Relu = "global::ShuffleNetGen.Runtime.Kernels.Activation.Relu";

        Assert.Equal(new[] { "Conv1x1", "Conv7x7", "GlobalAveragePool", "MaxPool3x3", "WinogradConv3x3" }, steps.Select(s => s.Kernel).Distinct().Order());
        Assert.Equal(1 + 3 + 8 * 3 + 1 + 1, steps.Count);
        Assert.DoesNotContain("CopyTo(", source);
        EmittedStep stem = steps[0];
        Assert.Equal(("Conv7x7", "input", Relu), (stem.Kernel, stem.Arguments[0], stem.Arguments[^1]));
        Assert.All(steps.Where(s => s.Kernel == "MaxPool3x3"), s => Assert.Equal("0", s.Arguments[5]));
        Assert.All(steps.Where(s => s.Kernel is "Conv1x1" or "WinogradConv3x3" or "Conv7x7"), s => Assert.Contains(Relu, s.Arguments));
        Assert.Equal("output", steps[^1].Arguments[^1]);
    }

    /// <summary>
    /// Issue 13: MobileNet V2 runs on the fast kernels with nothing left over — the expand and project layers are 1x1 GEMMs,
    /// each depthwise conv stores ReLU6, each residual is added in its projection's store (in place, into the shortcut), and
    /// no step of its own computes an activation, an add or a BatchNorm.
    /// </summary>
    [Fact]
    public void MobileNetV2FusesReLU6AndItsResidualsIntoTheKernelStores()
    {
        string source = GeneratorHarness.Run(CanonicalSpecs.AdditionalText("mobilenet_v2.model.yaml")).Source("MobileNetV2.g.cs");
        IReadOnlyList<EmittedStep> steps = EmittedSteps.Read(source);
        const string Relu6 = "global::ShuffleNetGen.Runtime.Kernels.Activation.Relu6";
        const string Identity = "global::ShuffleNetGen.Runtime.Kernels.Activation.Identity";

        Assert.Equal(new[] { "Conv1x1", "DepthwiseConv3x3", "GlobalAveragePool", "Linear", "StemConv3x3" }, steps.Select(s => s.Kernel).Distinct().Order());
        Assert.Equal(1 + 17 + 16 + 17 + 1 + 2, steps.Count);
        List<EmittedStep> depthwise = steps.Where(s => s.Kernel == "DepthwiseConv3x3").ToList();
        Assert.Equal(17, depthwise.Count);
        Assert.All(depthwise, s => Assert.Equal(Relu6, s.Arguments[^1]));
        List<EmittedStep> pointwise = steps.Where(s => s.Kernel == "Conv1x1").ToList();
        List<EmittedStep> projections = pointwise.Where(s => s.Arguments[^2] == Identity).ToList();
        Assert.Equal(17, projections.Count);
        Assert.Equal(10, projections.Count(s => s.Arguments[^1] == "residual: true"));
        Assert.All(pointwise.Except(projections), s => Assert.Equal((Relu6, "residual: false"), (s.Arguments[^2], s.Arguments[^1])));
        Assert.Equal(Relu6, steps.Single(s => s.Kernel == "StemConv3x3").Arguments[^1]);
    }

    /// <summary>
    /// Issue 3: V1's channel shuffle after the grouped 1x1 conv costs no step (DESIGN.md, "Shuffle, split and concat move no
    /// bytes"): no kernel call moves planes, and each group of a unit's first grouped conv stores through a plane table
    /// that is a real permutation, not the identity.
    /// </summary>
    [Fact]
    public void ShuffleNetV1G3HasNoShuffleStepAndItsGroupedConvStoresThroughAPlaneTable()
    {
        string source = GeneratorHarness.Run(CanonicalSpecs.AdditionalText("shufflenet_v1_g3_x1_0.model.yaml"))
            .Source("ShuffleNetV1G3X1_0.g.cs");
        IReadOnlyList<EmittedStep> steps = EmittedSteps.Read(source);
        IReadOnlyDictionary<string, int[]> tables = EmittedSteps.Tables(source);

        Assert.NotEmpty(steps);
        Assert.DoesNotContain(steps, s => ContainsAny(s.Kernel, "shuffle", "permute", "copy", "concat", "split"));
        // The one copy: a batch's classifier input (960 floats per image) out to the chunk's features, not a shuffle.
        Assert.Equal(1, source.Split("CopyTo(").Length - 1);
        Assert.Contains("CopyTo(features);", source);

        // 16 units, each with 3 groups of branch_main_1.0 (grouped in all but features.0, which megvii leaves ungrouped).
        List<EmittedStep> groupedFirstConvs = steps
            .Where(s => s.Kernel == "Conv1x1" && s.Comment.Contains(".branch_main_1.0 ") && s.Comment.Contains(" group "))
            .ToList();
        Assert.Equal(15 * 3, groupedFirstConvs.Count);
        Assert.All(groupedFirstConvs, s =>
        {
            string outputTable = s.Arguments[^3]; // before the activation and the residual flag
            Assert.True(tables.ContainsKey(outputTable), $"'{s.Comment}' stores through '{outputTable}', not a plane table");
            int[] planes = tables[outputTable];
            Assert.False(planes.SequenceEqual(Enumerable.Range(planes[0], planes.Length)), $"{outputTable} is a contiguous run: no shuffle in it");
        });
    }

    /// <summary>
    /// One image over a team of threads: every step large enough is shared out by lanes, and barriers stand only between
    /// dependent steps, so a grouped conv's groups (disjoint planes) run without one between them. A small model runs its
    /// images on one thread each.
    /// </summary>
    [Theory]
    [InlineData("shufflenet_v1_g3_x1_0.model.yaml", true)]
    [InlineData("shufflenet_v2_x1_0.model.yaml", true)]
    [InlineData("shufflenet_v2_x0_5.model.yaml", false)]
    public void StepsAreSharedOutByLanesWithBarriersOnlyBetweenDependentSteps(string specFile, bool sharesImages)
    {
        string source = GeneratorHarness.Run(CanonicalSpecs.AdditionalText(specFile)).Source(CanonicalSpecs.ClassName(specFile) + ".g.cs");
        IReadOnlyList<EmittedStep> steps = EmittedSteps.Read(source);
        Assert.Contains($"IImageModel.SharesImages => {(sharesImages ? "true" : "false")};", source);
        if (sharesImages)
        {
            Assert.All(steps.Where(s => s.Kernel is "Conv1x1" or "DepthwiseConv3x3" or "StemConv3x3" or "Linear"), s => Assert.True(s.Split, s.Comment));
        }

        int barriers = source.Split("lane.Sync();").Length - 1;
        Assert.InRange(barriers, steps.Count / 3, steps.Count - 1);

        // A grouped conv's groups touch disjoint planes: most run with no barrier between group 1 and group 2. (A barrier
        // can stand there when group 2 reads what the step before group 1 wrote and group 1 did not.)
        string run = source[source.IndexOf("private static void Run(", System.StringComparison.Ordinal)..];
        List<EmittedStep> seconds = steps.Where(s => s.Comment.Contains(" group 2/")).ToList();
        int together = seconds.Count(group =>
        {
            string first = group.Comment.Replace(" group 2/", " group 1/", System.StringComparison.Ordinal);
            int from = run.IndexOf("// " + first, System.StringComparison.Ordinal), to = run.IndexOf("// " + group.Comment, System.StringComparison.Ordinal);
            Assert.True(from >= 0 && to > from, group.Comment);
            return !run[from..to].Contains("lane.Sync();", System.StringComparison.Ordinal);
        });
        Assert.True(together * 2 >= seconds.Count, $"{together} of {seconds.Count} grouped convs run their first two groups without a barrier between");
    }

    private static bool ContainsAny(string text, params string[] words) =>
        words.Any(w => text.Contains(w, System.StringComparison.OrdinalIgnoreCase));

    private static void AssertBaseline(string specFile, [CallerMemberName] string testName = "")
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(CanonicalSpecs.AdditionalText(specFile));
        Assert.Equal(Guidelines.CanonicalGuidelines.Expected(specFile), outcome.Diagnostics.Select(d => d.Id).OrderBy(id => id, System.StringComparer.Ordinal));
        string hintName = Assert.Single(outcome.HintNames);
        Assert.Equal(CanonicalSpecs.ClassName(specFile) + ".g.cs", hintName);
        BaselineAssert.Matches(testName, hintName, outcome.Source(hintName));
    }
}
