using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Planning;
using ShuffleNetGen.Generator.Tests.Lowering;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Planning;

/// <summary>SNG0030: a layer no catalogue row computes is reported at the spec key its lowering recorded, naming the layer and its shape.</summary>
public sealed class NoKernelDiagnosticTests
{
    private static DiagnosticInfo PlanFails(GraphBuilder g, string output)
    {
        LayerGraph graph = g.Build(ShuffleNetV1Specs.Create(groups: 1, stem: 24, (1, 96)), output);
        (ExecutionPlan? plan, ImmutableEquatableArray<DiagnosticInfo> diagnostics) = Planner.Plan(graph);
        Assert.Null(plan);
        return Assert.Single(diagnostics);
    }

    private static string Classifier(GraphBuilder g, string x, TensorShape shape)
    {
        g.SpecKey = "classes";
        string pooled = g.GlobalAvgPool("mean", x, shape);
        return g.Linear("fc", pooled, shape.Channels, 1000, withBias: true);
    }

    [Fact]
    public void A5x5Stem_HasNoKernel_AtItsKey()
    {
        var g = new GraphBuilder { SpecKey = "stem.channels" };
        var (x, shape) = g.Conv("stem.0", "input", new TensorShape(3, 224, 224), 24, kernel: 5, stride: 1, padding: 2, groups: 1);
        x = g.Relu("stem.1", x, shape);

        DiagnosticInfo d = PlanFails(g, Classifier(g, x, shape));

        Assert.Equal("SNG0030", d.Id);
        Assert.Equal(ShuffleNetV1Specs.Create(groups: 1, stem: 24, (1, 96)).Locate("stem.channels"), d.Location);
        Assert.Equal("stem.channels", d.MessageArgs[0]);
        Assert.Equal("no kernel computes 'stem.0', a Conv5x5/s1 (padding 2) 3x224x224 -> 24x224x224 reading the image, storing ReLU.", d.MessageArgs[1]);
    }

    [Fact]
    public void A7x7Depthwise_HasNoKernel()
    {
        var g = new GraphBuilder { SpecKey = "stem.channels" };
        var (x, shape) = g.Conv("stem.0", "input", new TensorShape(3, 32, 32), 24, kernel: 3, stride: 2, padding: 1, groups: 1);
        g.SpecKey = "stages[0]";
        (x, shape) = g.Conv("dw", x, shape, 24, kernel: 7, stride: 1, padding: 3, groups: 24);

        DiagnosticInfo d = PlanFails(g, Classifier(g, x, shape));

        Assert.Equal("SNG0030", d.Id);
        Assert.Equal("stages[0]", d.MessageArgs[0]);
        Assert.Contains("'dw', a DepthwiseConv7x7/s1 (padding 3) 24x16x16 -> 24x16x16", d.MessageArgs[1]);
    }

    [Fact]
    public void ABatchNormAfterAPool_FollowsNoConvolution()
    {
        var g = new GraphBuilder();
        var (x, shape) = g.Conv("stem.0", "input", new TensorShape(3, 32, 32), 24, kernel: 3, stride: 2, padding: 1, groups: 1);
        (x, shape) = g.MaxPool("pool", x, shape, kernel: 3, stride: 2, padding: 1);
        g.SpecKey = "stages[0].channels";
        x = g.BatchNorm("pool_bn", x, shape);

        DiagnosticInfo d = PlanFails(g, Classifier(g, x, shape));

        Assert.Equal("SNG0030", d.Id);
        Assert.Equal("stages[0].channels", d.MessageArgs[0]);
        Assert.Contains("'pool_bn' (BatchNorm 24x8x8) has no kernel of its own", d.MessageArgs[1]);
    }
}
