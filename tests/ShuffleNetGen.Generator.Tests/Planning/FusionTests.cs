using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Planning;
using ShuffleNetGen.Generator.Tests.Lowering;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Planning;

/// <summary>Fusion goes by who reads a tensor, not by the op list's order.</summary>
public sealed class FusionTests
{
    [Fact]
    public void AConv_AbsorbsItsBatchNormAndActivation_WhenOtherOpsStandBetween()
    {
        var g = new GraphBuilder();
        var (x, shape) = g.Conv("stem.0", "input", new TensorShape(3, 32, 32), 8, kernel: 3, stride: 2, padding: 1, groups: 1);
        var (a, aShape) = g.Conv("a", x, shape, 8, kernel: 1, stride: 1, padding: 0, groups: 1);
        var (b, bShape) = g.Conv("b", x, shape, 8, kernel: 1, stride: 1, padding: 0, groups: 1);
        a = g.BatchNorm("a_bn", a, aShape);
        b = g.BatchNorm("b_bn", b, bShape);
        a = g.Relu("a_relu", a, aShape);
        string cat = g.Concat("cat", shape with { Channels = 16 }, a, b);
        LayerGraph graph = g.Build(ShuffleNetV1Specs.Create(groups: 1, stem: 24, (1, 96)), cat);

        (var layers, int[] positions) = Fusion.Fuse(graph);

        FusedLayer layerA = layers.Single(l => l.Anchor.Name == "a");
        Assert.Equal(new[] { "a", "a_bn", "a_relu" }, layerA.Modules);
        Assert.Equal(ActivationKind.Relu, layerA.Activation);
        Assert.Equal(new[] { "b", "b_bn" }, layers.Single(l => l.Anchor.Name == "b").Modules);
        Assert.Equal(positions[1], positions[5]);
    }

    [Fact]
    public void AResidualAdd_WithNoActivationAfterIt_IsAbsorbed()
    {
        var g = new GraphBuilder();
        var (x, shape) = g.Conv("stem.0", "input", new TensorShape(3, 32, 32), 8, kernel: 3, stride: 2, padding: 1, groups: 1);
        var (p, pShape) = g.Conv("project", x, shape, 8, kernel: 1, stride: 1, padding: 0, groups: 1);
        p = g.BatchNorm("project_bn", p, pShape);
        string sum = g.Add("add", x, p, shape);
        LayerGraph graph = g.Build(ShuffleNetV1Specs.Create(groups: 1, stem: 24, (1, 96)), sum);

        FusedLayer project = Fusion.Fuse(graph).Layers.Single(l => l.Anchor.Name == "project");

        Assert.Equal(x, project.Residual);
        Assert.Equal(ActivationKind.Identity, project.Activation);
        Assert.Equal(new StoreEpilogue(ActivationKind.Identity, Residual: true), project.Epilogue);
    }
}
