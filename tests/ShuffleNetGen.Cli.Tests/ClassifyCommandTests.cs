using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace ShuffleNetGen.Cli.Tests;

/// <summary>
/// <c>shufflenetgen classify</c>: torchvision's <c>shufflenet_v2_x0_5</c> with the seeded weights of the runtime tests' .pth
/// fixture, fed a PNG through its <c>IMAGENET1K_V1.transforms()</c> by PIL and torch
/// (tests/ShuffleNetGen.Runtime.Tests/Imaging/Fixtures/make_image_fixtures.py), against the tool on the same spec, file and weights.
/// </summary>
public sealed class ClassifyCommandTests
{
    private static readonly string Fixtures = Path.Combine(CliRun.Repository, "tests", "ShuffleNetGen.Runtime.Tests");
    private static readonly string Weights = Path.Combine(Fixtures, "Weights", "Fixtures", "shufflenet_v2_x0_5.f16.pth");
    private static readonly string Image = Path.Combine(Fixtures, "Imaging", "Fixtures", "rgb_320x240.png");
    private static readonly string Spec = CliRun.Spec("shufflenet_v2_x0_5.model.yaml");

    [Fact]
    public void The_top_classes_are_torchvisions_for_the_same_image_and_weights()
    {
        CliRun run = CliRun.Of("classify", Spec, "--weights", Weights, Image, Image, "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Fixtures, "Imaging", "Fixtures", "shufflenet_v2_x0_5.image.json")));
        JsonElement[] torch = expected.RootElement.GetProperty("top5").EnumerateArray().ToArray();
        using JsonDocument actual = JsonDocument.Parse(run.Output);
        JsonElement[] images = actual.RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, images.Length);
        foreach (JsonElement image in images)
        {
            Assert.Equal(Image, image.GetProperty("image").GetString());
            JsonElement[] top = image.GetProperty("top").EnumerateArray().ToArray();
            Assert.Equal(torch.Select(t => (t.GetProperty("index").GetInt32(), t.GetProperty("label").GetString())),
                top.Select(t => (t.GetProperty("index").GetInt32(), t.GetProperty("label").GetString())));
            for (int k = 0; k < top.Length; k++)
            {
                // Softmax of logits within 1e-4 of the largest logit of torch's: probabilities agree far closer than this.
                Assert.Equal(torch[k].GetProperty("probability").GetDouble(), top[k].GetProperty("probability").GetDouble(), 1e-6);
            }
        }
    }

    [Fact]
    public void The_table_shows_the_labels_and_the_preprocessing()
    {
        CliRun run = CliRun.Of("classify", Spec, "--weights", Weights, Image, "--top", "3");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("quilt", run.Output, StringComparison.Ordinal);
        Assert.Contains("panpipe", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("rock python", run.Output, StringComparison.Ordinal);
        Assert.Contains("resize 256", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_that_cannot_be_read_or_decoded_is_an_error_naming_it_and_the_others_still_run()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.png");
        string notAnImage = Path.Combine(CliRun.Repository, "README.md");
        CliRun run = CliRun.Of("classify", Spec, "--weights", Weights, missing, Image, notAnImage, "--json");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{missing}: cannot read the image: no such file", run.Error, StringComparison.Ordinal);
        Assert.Contains($"{notAnImage}: not an image", run.Error, StringComparison.Ordinal);
        using JsonDocument actual = JsonDocument.Parse(run.Output);
        Assert.Equal(Image, actual.RootElement.EnumerateArray().Single().GetProperty("image").GetString());
    }

    [Fact]
    public void Weights_that_do_not_fit_the_spec_are_an_error_naming_the_file()
    {
        CliRun run = CliRun.Of("classify", CliRun.Spec("shufflenet_v2_x1_0.model.yaml"), "--weights", Weights, Image);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("shufflenet_v2_x0_5.f16.pth", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--top", "0")]
    [InlineData("--top", "x")]
    public void Bad_arguments_are_refused(string option, string value)
    {
        CliRun run = CliRun.Of("classify", Spec, "--weights", Weights, Image, option, value);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--top", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void No_image_is_refused()
    {
        CliRun run = CliRun.Of("classify", Spec, "--weights", Weights);
        Assert.NotEqual(0, run.ExitCode);
    }
}
