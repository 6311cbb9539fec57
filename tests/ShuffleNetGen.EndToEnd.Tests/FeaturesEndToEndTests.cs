using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Spec;
using ShuffleNetGen.Reference;
using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>
/// Issue 16: <c>PredictFeatures</c> writes the stage outputs the spec's <c>features:</c> lists, equal to the reference
/// executor's tensors of the same name within 1e-4 (of the largest |value|), in the spec's order and torchvision's
/// (megvii's) channel order, and runs no classifier.
/// </summary>
public sealed class FeaturesEndToEndTests
{
    [Fact]
    [Trait(SmallModels.Trait, SmallModels.Value)]
    public void V2_stage_outputs_equal_the_reference()
    {
        var (graph, weights, input, path) = Fixture("tests/ShuffleNetGen.EndToEnd.Tests/Specs/shufflenet_v2_x0_5_features.model.yaml", seed: 31);
        ShuffleNetV2X0_5Features model = ShuffleNetV2X0_5Features.Load(path);
        var stage3 = new float[ShuffleNetV2X0_5Features.Stage3Length];
        var stage2 = new float[ShuffleNetV2X0_5Features.Stage2Length];
        var conv5 = new float[ShuffleNetV2X0_5Features.Conv5Length];
        var stage4 = new float[ShuffleNetV2X0_5Features.Stage4Length];
        model.PredictFeatures(input, stage3, stage2, conv5, stage4);

        Dictionary<string, float[]> expected = Reference(graph, weights, input);
        Assert.Equal((96, 14, 14), (ShuffleNetV2X0_5Features.Stage3Channels, ShuffleNetV2X0_5Features.Stage3Height, ShuffleNetV2X0_5Features.Stage3Width));
        Assert.Equal((1024, 7, 7), (ShuffleNetV2X0_5Features.Conv5Channels, ShuffleNetV2X0_5Features.Conv5Height, ShuffleNetV2X0_5Features.Conv5Width));
        ModelFixture.AssertClose(expected["stage2"], stage2, 1e-4, "stage2");
        ModelFixture.AssertClose(expected["stage3"], stage3, 1e-4, "stage3");
        ModelFixture.AssertClose(expected["stage4"], stage4, 1e-4, "stage4");
        ModelFixture.AssertClose(expected["conv5"], conv5, 1e-4, "conv5");

        // The same instance still predicts; the features did not disturb its arenas.
        var logits = new float[ShuffleNetV2X0_5Features.Classes];
        model.Predict(input, logits);
        ModelFixture.AssertClose(ReferenceExecutor.Run(graph, weights, input, 1), logits, 1e-4, "logits after PredictFeatures");
    }

    [Fact]
    [Trait(SmallModels.Trait, SmallModels.Value)]
    public void V1_stage_outputs_equal_the_reference()
    {
        var (graph, weights, input, path) = Fixture("tests/ShuffleNetGen.EndToEnd.Tests/Specs/shufflenet_v1_g3_x0_5_features.model.yaml", seed: 32);
        ShuffleNetV1G3X0_5Features model = ShuffleNetV1G3X0_5Features.Load(path);
        var stage2 = new float[ShuffleNetV1G3X0_5Features.Stage2Length];
        var stage4 = new float[ShuffleNetV1G3X0_5Features.Stage4Length];
        model.PredictFeatures(input, stage2, stage4);

        Dictionary<string, float[]> expected = Reference(graph, weights, input);
        Assert.Equal(120 * 28 * 28, stage2.Length);
        Assert.Equal(480 * 7 * 7, stage4.Length);
        ModelFixture.AssertClose(expected["stage2"], stage2, 1e-4, "stage2");
        ModelFixture.AssertClose(expected["stage4"], stage4, 1e-4, "stage4");
    }

    [Fact]
    public void Wrong_feature_buffers_name_the_feature_and_its_shape()
    {
        var (_, _, input, path) = Fixture("tests/ShuffleNetGen.EndToEnd.Tests/Specs/shufflenet_v1_g3_x0_5_features.model.yaml", seed: 33);
        ShuffleNetV1G3X0_5Features model = ShuffleNetV1G3X0_5Features.Load(path);
        var e = Assert.Throws<ArgumentException>(() => model.PredictFeatures(input, new float[5], new float[ShuffleNetV1G3X0_5Features.Stage4Length]));
        Assert.Equal("stage2 must hold 120x28x28 = 94080 floats, but has 5. (Parameter 'stage2')", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.PredictFeatures(input.AsSpan(1), new float[5], new float[5]));
        Assert.StartsWith("input must hold 3x224x224 = 150528 floats, but has 150527.", e.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, float[]> Reference(LayerGraph graph, Dictionary<string, float[]> weights, float[] input)
    {
        var keep = graph.FeaturePoints.ToDictionary(p => p.Tensor, _ => Array.Empty<float>());
        ReferenceExecutor.Run(graph, weights, input, 1, keep);
        return graph.FeaturePoints.ToDictionary(p => p.Name, p => keep[p.Tensor]);
    }

    private static (LayerGraph Graph, Dictionary<string, float[]> Weights, float[] Input, string Path) Fixture(string spec, int seed)
    {
        string specPath = RepositoryFiles.PathOf(spec);
        ModelSpec parsed = SpecParser.Parse(specPath, File.ReadAllText(specPath)).Spec ?? throw new InvalidOperationException(spec + " did not parse");
        LayerGraph graph = ModelLowering.Lower(parsed).Graph ?? throw new InvalidOperationException(spec + " did not lower");
        Dictionary<string, float[]> weights = RandomWeights.Create(graph, seed);
        string path = Path.Combine(Path.GetTempPath(), $"sng-features-{parsed.Name}-{seed}.safetensors");
        RandomWeights.WriteSafetensors(graph, weights, path);
        return (graph, weights, RandomInput.Create((int)graph.InputShape.Elements, seed + 1), path);
    }
}
