using System;
using System.Collections.Generic;
using ShuffleNetGen.Generator.Graph;
using Xunit;

namespace ShuffleNetGen.Reference.Tests;

public class NormalizationAndElementwiseTests
{
    [Fact]
    public void BatchNormEval_UsesRunningStatisticsPerChannel()
    {
        var shape = new TensorShape(2, 1, 2);
        var op = new BatchNormOp("bn", "input", "bn:out", shape, Epsilon: 1e-5);
        var weights = new Dictionary<string, float[]>
        {
            ["bn.weight"] = new[] { 2f, 0.5f },
            ["bn.bias"] = new[] { 0.1f, -1f },
            ["bn.running_mean"] = new[] { 0.5f, -2f },
            ["bn.running_var"] = new[] { 3f, 0.25f },
        };

        float[] output = TinyGraph.Run(TinyGraph.Of(shape, op.Out, op), new[] { 1f, -2f, 4f, 0f }, weights: weights);

        double s0 = Math.Sqrt(3 + 1e-5), s1 = Math.Sqrt(0.25 + 1e-5);
        TinyGraph.AssertClose(new[] { 0.5 / s0 * 2 + 0.1, -2.5 / s0 * 2 + 0.1, 6 / s1 * 0.5 - 1, 2 / s1 * 0.5 - 1 }, output);
    }

    [Fact]
    public void Relu_ZeroesNegativesOnly()
    {
        var shape = new TensorShape(1, 1, 4);
        var op = new ActivationOp("relu", "input", "relu:out", shape, ActivationKind.Relu);

        float[] output = TinyGraph.Run(TinyGraph.Of(shape, op.Out, op), new[] { -1.5f, 0f, 2f, -0f });

        TinyGraph.AssertClose(new[] { 0.0, 0, 2, 0 }, output);
    }

    [Fact]
    public void Relu6_ClampsToZeroAndSix()
    {
        var shape = new TensorShape(1, 1, 5);
        var op = new ActivationOp("relu6", "input", "relu6:out", shape, ActivationKind.Relu6);

        float[] output = TinyGraph.Run(TinyGraph.Of(shape, op.Out, op), new[] { -1.5f, 0f, 2.25f, 6f, 7.5f });

        TinyGraph.AssertClose(new[] { 0.0, 0, 2.25, 6, 6 }, output);
    }

    /// <summary>The values are torch 1.13's <c>F.hardswish</c> and <c>F.hardsigmoid</c> of the same inputs.</summary>
    [Fact]
    public void HardSwishAndHardSigmoid_MatchPyTorch()
    {
        var shape = new TensorShape(1, 1, 6);
        float[] input = { -4f, -3f, -2.5f, 0.5f, 3f, 4f };
        var swish = new ActivationOp("hs", "input", "hs:out", shape, ActivationKind.HardSwish);
        var sigmoid = new ActivationOp("hsig", "input", "hsig:out", shape, ActivationKind.HardSigmoid);

        TinyGraph.AssertClose(new[] { 0.0, 0, -0.2083333283662796, 0.2916666567325592, 3, 4 }, TinyGraph.Run(TinyGraph.Of(shape, swish.Out, swish), input));
        TinyGraph.AssertClose(new[] { 0.0, 0, 0.0833333358168602, 0.5833333134651184, 1, 1 }, TinyGraph.Run(TinyGraph.Of(shape, sigmoid.Out, sigmoid), input));
    }

    /// <summary>torch.relu and torch.nn.functional.relu6 are clamps, which pass NaN through (torch.clamp's documented behaviour).</summary>
    [Theory]
    [InlineData(nameof(ActivationKind.Relu))]
    [InlineData(nameof(ActivationKind.Relu6))]
    public void Activations_PropagateNaN(string activation)
    {
        var kind = Enum.Parse<ActivationKind>(activation);
        var shape = new TensorShape(1, 1, 2);
        var op = new ActivationOp("act", "input", "act:out", shape, kind);

        float[] output = TinyGraph.Run(TinyGraph.Of(shape, op.Out, op), new[] { float.NaN, -1f });

        Assert.True(float.IsNaN(output[0]));
        Assert.Equal(0f, output[1]);
    }

    [Fact]
    public void Add_OfReluAndInput_IsTheResidualSum()
    {
        var shape = new TensorShape(1, 1, 3);
        var relu = new ActivationOp("relu", "input", "relu:out", shape, ActivationKind.Relu);
        var add = new AddOp("add", "relu:out", "input", "add:out", shape);

        float[] output = TinyGraph.Run(TinyGraph.Of(shape, add.Out, relu, add), new[] { -1f, 2f, 3.5f });

        TinyGraph.AssertClose(new[] { -1.0, 4, 7 }, output);
    }

    [Fact]
    public void Linear_FlattenedFeatures_WeightRowsPerOutput()
    {
        var op = new LinearOp("fc", "input", "fc:out", InFeatures: 3, OutFeatures: 2, WeightKey: "fc.weight", BiasKey: "fc.bias");
        var weights = new Dictionary<string, float[]>
        {
            ["fc.weight"] = new[] { 1f, 2f, 3f, 4f, 5f, 6f },
            ["fc.bias"] = new[] { 0.5f, -1f },
        };

        float[] output = TinyGraph.Run(TinyGraph.Of(new TensorShape(3, 1, 1), op.Out, op), new[] { 1f, -1f, 2f, 0f, 1f, 0f }, batch: 2, weights: weights);

        // Image 0: [1 − 2 + 6 + 0.5, 4 − 5 + 12 − 1]; image 1 = x1: [2 + 0.5, 5 − 1].
        TinyGraph.AssertClose(new[] { 5.5, 10, 2.5, 4 }, output);
    }
}
