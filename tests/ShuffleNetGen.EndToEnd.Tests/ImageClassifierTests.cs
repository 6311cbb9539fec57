using System;
using System.CodeDom.Compiler;
using System.Linq;
using System.Reflection;
using ShuffleNetGen.Runtime;
using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>DESIGN.md contract 2: every generated class implements <see cref="IImageClassifier"/>, so generic code can hold any model.</summary>
public sealed class ImageClassifierTests
{
    [Fact]
    public void Every_generated_class_is_an_IImageClassifier()
    {
        Type[] generated = typeof(ImageClassifierTests).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<GeneratedCodeAttribute>() is { Tool: "ShuffleNetGen" }).ToArray();
        Assert.True(generated.Length >= GeneratedModels.All.Count, $"found {generated.Length} generated classes");
        Assert.All(generated, t => Assert.True(typeof(IImageClassifier).IsAssignableFrom(t), t.FullName));
    }

    [Fact]
    public void Through_the_interface_a_model_gives_its_own_sizes_info_and_logits()
    {
        var fixture = new ModelFixture("shufflenet_v2_x0_5", seed: 91);
        ShuffleNetV2X0_5 concrete = ShuffleNetV2X0_5.Load(fixture.WeightsPath);
        IImageClassifier model = concrete;

        Assert.Equal((ShuffleNetV2X0_5.InputChannels, ShuffleNetV2X0_5.InputHeight, ShuffleNetV2X0_5.InputWidth),
            (model.InputChannels, model.InputHeight, model.InputWidth));
        Assert.Equal(ShuffleNetV2X0_5.InputLength, model.InputLength);
        Assert.Equal(ShuffleNetV2X0_5.Classes, model.Classes);
        Assert.Same(ShuffleNetV2X0_5.Info, model.Info);

        model.MaxThreads = 1;
        Assert.Equal(1, concrete.MaxThreads);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.MaxThreads = 0);

        int batch = ModelFixture.Batch;
        var viaInterface = new float[batch * model.Classes];
        var viaClass = new float[batch * model.Classes];
        model.Predict(fixture.Input, viaInterface, batch);
        concrete.Predict(fixture.Input, viaClass, batch);
        Assert.Equal(viaClass, viaInterface);

        var one = new float[model.Classes];
        model.Predict(fixture.Input.AsSpan(0, model.InputLength), one);
        Assert.Equal(viaClass.AsSpan(0, model.Classes).ToArray(), one);
    }

    [Fact]
    public void The_runtime_s_plumbing_is_not_among_the_class_s_public_members()
    {
        string[] plumbing = ["RunLane", "RunBody", "RunHead", "HeadBuffers", "HeadInputs", "Arenas", "LaneChoice", "SharesImages"];
        string[] exposed = typeof(ShuffleNetV2X0_5).GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Select(m => m.Name).Intersect(plumbing).ToArray();
        Assert.Empty(exposed);
    }
}
