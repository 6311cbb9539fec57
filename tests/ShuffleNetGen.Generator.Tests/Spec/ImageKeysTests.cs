using System.Linq;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;
using ShuffleNetGen.Generator.Tests.Pipeline;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Spec;

/// <summary><c>preprocess:</c>, <c>labels:</c> and <c>features:</c>: defaults per family, overrides, and every way to get them wrong.</summary>
public class ImageKeysTests
{
    /// <summary>Lines (zero-based): 0 name … 7 head (464: a 4-fold conv5, under the G1 warning); a key appended lands on line 8.</summary>
    private const string V2 = "name: Net\nfamily: shufflenet_v2\ninput: { channels: 3, height: 224, width: 224 }\nclasses: 1000\n" +
                              "stem: { channels: 24 }\nstages:\n  - { repeats: 4, channels: 116 }\nhead: { channels: 464 }\n";

    [Fact]
    public void The_default_resize_follows_the_input_size()
    {
        ModelSpec spec = SpecAssert.Valid(V2.Replace("height: 224, width: 224", "height: 160, width: 320"));
        Assert.Equal(183, spec.Preprocess!.Resize); // 160 / 0.875 = 182.86
    }

    [Fact]
    public void Keys_override_the_family_defaults_one_by_one()
    {
        ModelSpec spec = SpecAssert.Valid(V2 + "preprocess: { resize: 232, channel_order: bgr, mean: [1, 2, 3.5] }\n");
        Assert.Equal(new PreprocessSpec(232, "bilinear", "bgr", "unit", new[] { 1.0, 2.0, 3.5 }.ToImmutableEquatableArray(),
            new[] { 0.229, 0.224, 0.225 }.ToImmutableEquatableArray()), spec.Preprocess);
    }

    [Theory]
    [InlineData("preprocess: { resize: 0 }", "SNG0005", 8, 22, "'preprocess.resize' is 0; it must be from 1 to 8192")]
    [InlineData("preprocess: { interpolation: bicubic }", "SNG0009", 8, 29, "'preprocess.interpolation' is 'bicubic'; expected one of: bilinear, opencv_bilinear")]
    [InlineData("preprocess: { std: [1, 0, 1] }", "SNG0005", 8, 23, "'preprocess.std[1]' is 0; it must be greater than 0 and at most 1000000")]
    [InlineData("preprocess: { mean: [1, 2] }", "SNG0004", 8, 20, "'preprocess.mean' must be a list of 3 numbers, one per channel, such as [0.485, 0.456, 0.406], but is a list of 2")]
    [InlineData("preprocess: { mean: [1, x, 2] }", "SNG0004", 8, 24, "'preprocess.mean[1]' must be a number such as 0.5, but is 'x'")]
    [InlineData("preprocess: { resiz: 3 }", "SNG0002", 8, 14, "Unknown key 'resiz' in 'preprocess'; did you mean 'resize'?")]
    [InlineData("labels: [a, b]", "SNG0004", 8, 8, "'labels' must be text, but is a list")]
    [InlineData("features: stage2", "SNG0004", 8, 10, "'features' must be a list of stage names such as [stage2, stage3, stage4], but is 'stage2'")]
    [InlineData("features: [stage2, stage2]", "SNG0020", 8, 19, "'features[1]' is 'stage2': it is listed twice; keep one")]
    public void A_wrong_value_is_located_and_explained(string line, string id, int atLine, int atColumn, string message)
    {
        DiagnosticInfo d = SpecAssert.Single(V2 + line + "\n", id, atLine, atColumn);
        Assert.Equal(message, SpecAssert.Message(d));
    }

    [Fact]
    public void Imagenet_labels_need_1000_classes()
    {
        DiagnosticInfo d = SpecAssert.Single(V2.Replace("classes: 1000", "classes: 10") + "labels: imagenet1k\n", "SNG0019", 8, 8);
        Assert.Equal("'labels' does not fit the model: 'imagenet1k' has 1000 labels, but the model has 10 classes", SpecAssert.Message(d));
    }

    [Fact]
    public void A_one_channel_model_has_no_preprocessing_and_may_not_ask_for_one()
    {
        Assert.Null(SpecAssert.Valid(V2.Replace("channels: 3,", "channels: 1,")).Preprocess);
        DiagnosticInfo d = SpecAssert.Single(V2.Replace("channels: 3,", "channels: 1,") + "preprocess: { resize: 40 }\n", "SNG0018", 8, 12);
        Assert.Equal("'preprocess' does not fit the model: the input has 1 channels; images are preprocessed to 3 (RGB or BGR). Remove 'preprocess'",
            SpecAssert.Message(d));
    }

    [Fact]
    public void A_feature_the_family_does_not_make_lists_the_ones_it_does()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(new InMemoryAdditionalText(CanonicalSpecs.ProjectFolder + "net.model.yaml", V2 + "features: [stage5]\n"));
        Microsoft.CodeAnalysis.Diagnostic d = Assert.Single(outcome.Diagnostics);
        Assert.Equal("'features[0]' is 'stage5': this shufflenet_v2 model's feature outputs are stage2, conv5",
            d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_labels_file_among_the_additional_files_becomes_the_labels()
    {
        string spec = V2.Replace("classes: 1000", "classes: 3") + "labels: animals.txt\n";
        GeneratorOutcome outcome = GeneratorHarness.Run(
            new InMemoryAdditionalText(CanonicalSpecs.ProjectFolder + "net.model.yaml", spec),
            new InMemoryAdditionalText(CanonicalSpecs.ProjectFolder + "animals.txt", "cat\r\ndog \"good\"\nfish\n\n"));
        Assert.Empty(outcome.Diagnostics);
        string source = outcome.Source("Net.g.cs");
        string labels = source.Substring(source.IndexOf("ClassLabels(new string[]", System.StringComparison.Ordinal));
        string[] lines = labels.Substring(0, labels.IndexOf("});", System.StringComparison.Ordinal)).Split('\n').Select(l => l.Trim()).ToArray();
        Assert.Equal(new[] { "ClassLabels(new string[]", "{", "\"cat\",", "\"dog \\\"good\\\"\",", "\"fish\",", "" }, lines);
    }

    [Theory]
    [InlineData("cat\ndog\n", "'labels' does not fit the model: 'animals.txt' has 2 labels, but the model has 3 classes")]
    [InlineData("cat\n\ndog\n", "'labels' does not fit the model: line 2 of 'animals.txt' is empty; write one label per line")]
    [InlineData(null, "'labels' does not fit the model: 'animals.txt' is not among the project's AdditionalFiles; add <AdditionalFiles Include=\"animals.txt\" /> beside the spec (the path is relative to the spec)")]
    public void A_labels_file_that_does_not_fit_is_reported_at_labels_and_the_class_still_generates(string? text, string message)
    {
        string spec = V2.Replace("classes: 1000", "classes: 3") + "labels: animals.txt\n";
        var files = new System.Collections.Generic.List<Microsoft.CodeAnalysis.AdditionalText> { new InMemoryAdditionalText(CanonicalSpecs.ProjectFolder + "net.model.yaml", spec) };
        if (text is not null) files.Add(new InMemoryAdditionalText(CanonicalSpecs.ProjectFolder + "animals.txt", text));
        GeneratorOutcome outcome = GeneratorHarness.Run(files.ToArray());
        Microsoft.CodeAnalysis.Diagnostic d = Assert.Single(outcome.Diagnostics);
        Assert.Equal(("SNG0019", 8, 8), (d.Id, d.Location.GetLineSpan().StartLinePosition.Line, d.Location.GetLineSpan().StartLinePosition.Character));
        Assert.Equal(message, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("ClassLabels.Numbered(Classes)", outcome.Source("Net.g.cs"));
    }
}
