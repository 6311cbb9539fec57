using System;
using System.Collections.Generic;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using Xunit;
using Xunit.Abstractions;

namespace ShuffleNetGen.Reference.Tests;

/// <summary>The lowered V2 graphs against torchvision's shufflenetv2.py: parameter counts, multiply-adds, state_dict keys.</summary>
public class ShuffleNetV2GraphTests
{
    private readonly ITestOutputHelper _output;

    public ShuffleNetV2GraphTests(ITestOutputHelper output) => _output = output;

    // num_params of torchvision's ShuffleNet_V2_X*_Weights; multiply-adds of the paper's Table 5 (41, 146, 299, 591 MFLOPs).
    [Theory]
    [InlineData("0_5", 1_366_792L, 41e6)]
    [InlineData("1_0", 2_278_604L, 146e6)]
    [InlineData("1_5", 3_503_624L, 299e6)]
    [InlineData("2_0", 7_393_996L, 591e6)]
    public void CanonicalGraph_MatchesTorchvisionParametersAndPaperComplexity(string width, long parameters, double multiplyAdds)
    {
        LayerGraph graph = CanonicalV2.Graph(width);

        _output.WriteLine($"V2 {width}: {graph.Parameters:N0} parameters (torchvision {parameters:N0}), " +
            $"{graph.MultiplyAdds / 1e6:F1} M multiply-adds (paper {multiplyAdds / 1e6:F0} M, {(graph.MultiplyAdds / multiplyAdds - 1) * 100:+0.0;-0.0}%)");
        Assert.Equal(parameters, graph.Parameters);
        Assert.InRange(graph.MultiplyAdds, multiplyAdds * 0.97, multiplyAdds * 1.03);
    }

    [Fact]
    public void WeightKeys_AreTorchvisionStateDictNames()
    {
        LayerGraph graph = CanonicalV2.Graph("1_0");
        var keys = new HashSet<string>(graph.Weights.Select(w => w.Key), StringComparer.Ordinal);

        string[] real =
        {
            "conv1.0.weight", "conv1.1.weight", "conv1.1.bias", "conv1.1.running_mean", "conv1.1.running_var",
            "stage2.0.branch1.0.weight", "stage2.0.branch1.1.running_mean", "stage2.0.branch1.2.weight", "stage2.0.branch1.3.bias",
            "stage2.0.branch2.0.weight", "stage2.0.branch2.3.weight", "stage2.1.branch2.5.weight", "stage3.7.branch2.6.weight",
            "stage4.3.branch2.6.running_var", "conv5.0.weight", "conv5.1.bias", "fc.weight", "fc.bias",
        };
        foreach (string key in real) Assert.Contains(key, keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("stage2.1.branch1.", StringComparison.Ordinal));
        Assert.DoesNotContain("stage3.8.branch2.0.weight", keys);
        Assert.DoesNotContain("stage5.0.branch1.0.weight", keys);
        // 56 convolutions, each followed by a BatchNorm (4 tensors), + fc weight and bias: torchvision's state_dict minus its 56 num_batches_tracked.
        Assert.Equal(56 + 56 * 4 + 2, keys.Count);
    }

    [Fact]
    public void WeightShapes_AreTorchvisionTensorShapes()
    {
        Dictionary<string, int[]> shapes = CanonicalV2.Graph("1_0").Weights.ToDictionary(w => w.Key, w => w.Shape.ToArray());

        Assert.Equal(new[] { 24, 3, 3, 3 }, shapes["conv1.0.weight"]);
        Assert.Equal(new[] { 24, 1, 3, 3 }, shapes["stage2.0.branch1.0.weight"]);
        Assert.Equal(new[] { 58, 24, 1, 1 }, shapes["stage2.0.branch1.2.weight"]);
        Assert.Equal(new[] { 58, 24, 1, 1 }, shapes["stage2.0.branch2.0.weight"]);
        Assert.Equal(new[] { 58, 1, 3, 3 }, shapes["stage2.1.branch2.3.weight"]);
        Assert.Equal(new[] { 232, 232, 1, 1 }, shapes["stage4.3.branch2.5.weight"]);
        Assert.Equal(new[] { 1024, 464, 1, 1 }, shapes["conv5.0.weight"]);
        Assert.Equal(new[] { 1000, 1024 }, shapes["fc.weight"]);
        Assert.Equal(new[] { 1000 }, shapes["fc.bias"]);
    }
}
