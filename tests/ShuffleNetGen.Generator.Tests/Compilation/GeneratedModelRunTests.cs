using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis.CSharp;
using ShuffleNetGen.Generator.Tests.Pipeline;
using ShuffleNetGen.Runtime;
using ShuffleNetGen.Runtime.Weights;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Compilation;

/// <summary>
/// ShuffleNet V2 0.5x generated, compiled to memory, loaded and called. With every weight zero and every BatchNorm
/// running_var 1, each activation is exactly zero (ReLU(0·x + 0) = 0), so the logits must equal fc.bias exactly:
/// the call runs end to end and writes the classifier's output where the caller expects it.
/// </summary>
public class GeneratedModelRunTests
{
    private const string SpecFile = "shufflenet_v2_x0_5.model.yaml";

    /// <summary>Compiled with the model (and checked for doc warnings too), so Predict's spans are called as C# calls them.</summary>
    private const string Probe = """
        namespace MyApp
        {
            /// <summary>Calls the generated model the way a user's program does.</summary>
            public static class Probe
            {
                /// <summary>Loads weights from a stream and predicts a batch.</summary>
                public static float[] Predict(System.IO.Stream weights, float[] input, int batch)
                {
                    ShuffleNetV2X0_5 model = ShuffleNetV2X0_5.Load(weights);
                    var output = new float[batch * ShuffleNetV2X0_5.Classes];
                    if (batch == 1) model.Predict(input, output);
                    else model.Predict(input, output, batch);
                    return output;
                }
            }
        }
        """;

    private static readonly Lazy<Assembly> Compiled = new(CompileModel);

    [Fact]
    public void InfoReportsTorchvisionsParameterCount()
    {
        ModelInfo info = Info();
        // torchvision shufflenet_v2_x0_5: sum(p.numel() for p in model.parameters()) = 1,366,792.
        Assert.Equal(1_366_792L, info.Parameters);
        Assert.Equal("ShuffleNetV2X0_5", info.Name);
        Assert.Equal((3, 224, 224, 1000), (info.InputChannels, info.InputHeight, info.InputWidth, info.Classes));
        Assert.Equal(info.Parameters, info.Tensors.Where(t => !t.IsRunningStatistic).Sum(t => t.Shape.Aggregate(1L, (a, d) => a * d)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void PredictWithZeroWeightsReturnsTheClassifierBias(int batch)
    {
        ModelInfo info = Info();
        float[] bias = SeededBias(info.Classes);
        using var weights = new MemoryStream();
        SafetensorsWriter.Write(weights, info.Tensors.Select(t => ZeroTensor(t, bias)));
        weights.Position = 0;

        var random = new Random(7);
        float[] input = Enumerable.Range(0, batch * info.InputChannels * info.InputHeight * info.InputWidth)
            .Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        MethodInfo predict = Compiled.Value.GetType("MyApp.Probe", throwOnError: true)!.GetMethod("Predict")!;
        float[] logits = (float[])predict.Invoke(null, new object[] { weights, input, batch })!;

        Assert.Equal(batch * info.Classes, logits.Length);
        Assert.All(logits, v => Assert.True(float.IsFinite(v)));
        for (int n = 0; n < batch; n++) Assert.Equal(bias, logits.AsSpan(n * info.Classes, info.Classes).ToArray());
    }

    private static ModelInfo Info()
    {
        Type model = Compiled.Value.GetType("MyApp.ShuffleNetV2X0_5", throwOnError: true)!;
        return (ModelInfo)model.GetProperty("Info", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
    }

    private static float[] SeededBias(int classes)
    {
        var random = new Random(42);
        return Enumerable.Range(0, classes).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    /// <summary>Zeros, except running_var = 1 (a zero variance would divide by sqrt(eps) only) and fc.bias = the given bias.</summary>
    private static SafetensorsTensor ZeroTensor(WeightTensorInfo tensor, float[] bias)
    {
        int[] shape = tensor.Shape.ToArray();
        int count = shape.Aggregate(1, (a, d) => a * d);
        float[] values = tensor.Key == "fc.bias" ? bias : new float[count];
        if (tensor.Key.EndsWith(".running_var", StringComparison.Ordinal)) Array.Fill(values, 1f);
        return SafetensorsTensor.FromFloats(tensor.Key, shape, values);
    }

    private static Assembly CompileModel()
    {
        var project = GeneratedCodeCompiler.Create(new[] { CSharpSyntaxTree.ParseText(Probe, GeneratedCodeCompiler.ParseOptions) });
        GeneratorOutcome outcome = GeneratorHarness.Run(GeneratorHarness.CreateDriver(new[] { CanonicalSpecs.AdditionalText(SpecFile) }), project);
        Assert.Empty(outcome.Diagnostics);
        var problems = GeneratedCodeCompiler.Problems(outcome.Output);
        Assert.True(problems.Count == 0, GeneratedCodeCompiler.Describe(problems));
        return GeneratedCodeCompiler.EmitAndLoad(outcome.Output);
    }
}
