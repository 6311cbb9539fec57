using System;
using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>
/// One NaN pixel makes every logit NaN, as in PyTorch: the stem's window carries it into every channel, ReLU and the max
/// pool keep it, and the 1x1 convs, the global mean and the classifier spread it to every class.
/// </summary>
public sealed class NonFiniteInputTests
{
    [Theory]
    [InlineData("shufflenet_v2_x0_5", 0, 0, 0)]
    [InlineData("shufflenet_v2_x0_5", 1, 113, 97)]
    [InlineData("shufflenet_v2_x0_5", 2, 223, 223)]
    [InlineData("shufflenet_v1_g3_x0_5", 0, 0, 223)]
    [InlineData("shufflenet_v1_g3_x0_5", 1, 100, 0)]
    public void OneNaNPixelGivesNaNLogits(string name, int channel, int y, int x)
    {
        var fixture = new ModelFixture(name);
        GeneratedModel model = fixture.Model;
        Predictor predict = model.Load(fixture.WeightsPath);
        float[] image = fixture.Input.AsSpan(0, model.InputLength).ToArray();
        image[(((channel * model.Info.InputHeight) + y) * model.Info.InputWidth) + x] = float.NaN;
        var logits = new float[model.Info.Classes];
        predict(image, logits, 1);
        Assert.All(logits, logit => Assert.True(float.IsNaN(logit), $"{name}, NaN at ({channel}, {y}, {x}): a logit is {logit}"));
    }
}
