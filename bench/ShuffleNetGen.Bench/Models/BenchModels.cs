using System;
using System.Collections.Generic;
using System.Linq;
using ShuffleNetGen.Runtime;

namespace ShuffleNetGen.Bench.Models;

/// <summary>Runs a loaded generated model: NCHW input, batch × classes logits (the generated <c>Predict</c>).</summary>
internal delegate void Predictor(ReadOnlySpan<float> input, Span<float> output, int batch);

/// <summary>A loaded generated model: its <c>Predict</c>, a setter of its <c>MaxThreads</c>, and the instance as the runtime sees it.</summary>
internal sealed record LoadedModel(Predictor Predict, Action<int> SetMaxThreads, ShuffleNetGen.Runtime.Execution.IImageModel Instance);

/// <summary>A generated class seen through what the bench needs: its spec stem, its Info and a loader.</summary>
/// <remarks>Info is read through a delegate so listing the models runs no generated class's static constructor: a cold-start
/// child process touches only the class it loads, as a user's program would.</remarks>
internal sealed record BenchModel(string Name, Func<ModelInfo> GetInfo, Func<string, LoadedModel> Load)
{
    public ModelInfo Info => GetInfo();

    /// <summary>The spec file, relative to the repository root.</summary>
    public string SpecFile => $"specs/{Name}.model.yaml";

    public int InputLength => Info.InputChannels * Info.InputHeight * Info.InputWidth;
}

/// <summary>Every canonical spec in <c>specs/</c>, compiled into this project by the generator, in the order tables list them.</summary>
internal static class BenchModels
{
    public static readonly IReadOnlyList<BenchModel> All =
    [
        new("shufflenet_v2_x0_5", () => ShuffleNetV2X0_5.Info, p => { var m = ShuffleNetV2X0_5.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v2_x1_0", () => ShuffleNetV2X1_0.Info, p => { var m = ShuffleNetV2X1_0.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v2_x1_5", () => ShuffleNetV2X1_5.Info, p => { var m = ShuffleNetV2X1_5.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v2_x2_0", () => ShuffleNetV2X2_0.Info, p => { var m = ShuffleNetV2X2_0.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g1_x0_5", () => ShuffleNetV1G1X0_5.Info, p => { var m = ShuffleNetV1G1X0_5.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g1_x1_0", () => ShuffleNetV1G1X1_0.Info, p => { var m = ShuffleNetV1G1X1_0.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g1_x1_5", () => ShuffleNetV1G1X1_5.Info, p => { var m = ShuffleNetV1G1X1_5.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g1_x2_0", () => ShuffleNetV1G1X2_0.Info, p => { var m = ShuffleNetV1G1X2_0.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g2_x0_5", () => ShuffleNetV1G2X0_5.Info, p => { var m = ShuffleNetV1G2X0_5.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g2_x1_0", () => ShuffleNetV1G2X1_0.Info, p => { var m = ShuffleNetV1G2X1_0.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g2_x1_5", () => ShuffleNetV1G2X1_5.Info, p => { var m = ShuffleNetV1G2X1_5.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g2_x2_0", () => ShuffleNetV1G2X2_0.Info, p => { var m = ShuffleNetV1G2X2_0.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g3_x0_5", () => ShuffleNetV1G3X0_5.Info, p => { var m = ShuffleNetV1G3X0_5.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g3_x1_0", () => ShuffleNetV1G3X1_0.Info, p => { var m = ShuffleNetV1G3X1_0.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g3_x1_5", () => ShuffleNetV1G3X1_5.Info, p => { var m = ShuffleNetV1G3X1_5.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g3_x2_0", () => ShuffleNetV1G3X2_0.Info, p => { var m = ShuffleNetV1G3X2_0.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g4_x0_5", () => ShuffleNetV1G4X0_5.Info, p => { var m = ShuffleNetV1G4X0_5.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g4_x1_0", () => ShuffleNetV1G4X1_0.Info, p => { var m = ShuffleNetV1G4X1_0.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g4_x1_5", () => ShuffleNetV1G4X1_5.Info, p => { var m = ShuffleNetV1G4X1_5.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g4_x2_0", () => ShuffleNetV1G4X2_0.Info, p => { var m = ShuffleNetV1G4X2_0.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g8_x0_5", () => ShuffleNetV1G8X0_5.Info, p => { var m = ShuffleNetV1G8X0_5.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g8_x1_0", () => ShuffleNetV1G8X1_0.Info, p => { var m = ShuffleNetV1G8X1_0.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g8_x1_5", () => ShuffleNetV1G8X1_5.Info, p => { var m = ShuffleNetV1G8X1_5.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("shufflenet_v1_g8_x2_0", () => ShuffleNetV1G8X2_0.Info, p => { var m = ShuffleNetV1G8X2_0.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("mobilenet_v1", () => MobileNetV1.Info, p => { var m = MobileNetV1.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("mobilenet_v2_x0_5", () => MobileNetV2X0_5.Info, p => { var m = MobileNetV2X0_5.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("mobilenet_v2_x0_75", () => MobileNetV2X0_75.Info, p => { var m = MobileNetV2X0_75.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("mobilenet_v2", () => MobileNetV2.Info, p => { var m = MobileNetV2.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("mobilenet_v2_x1_4", () => MobileNetV2X1_4.Info, p => { var m = MobileNetV2X1_4.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("mobilenet_v3_small", () => MobileNetV3Small.Info, p => { var m = MobileNetV3Small.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("mobilenet_v3_large", () => MobileNetV3Large.Info, p => { var m = MobileNetV3Large.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("squeezenet1_0", () => SqueezeNet1_0.Info, p => { var m = SqueezeNet1_0.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
        new("squeezenet1_1", () => SqueezeNet1_1.Info, p => { var m = SqueezeNet1_1.Load(p); return new LoadedModel(m.Predict, t => m.MaxThreads = t, m); }),
    ];

    /// <summary>
    /// What <c>compare</c> runs unless told otherwise: every ShuffleNet V2 width, every V1 group count at 1.0x, MobileNet V1,
    /// MobileNet V2 1.0, MobileNet V3 Large and Small, and both SqueezeNets.
    /// </summary>
    public static IReadOnlyList<BenchModel> Default { get; } =
        All.Where(m => m.Name.StartsWith("shufflenet_v2_", StringComparison.Ordinal) || m.Name.EndsWith("_x1_0", StringComparison.Ordinal)
            || m.Name is "mobilenet_v1" or "mobilenet_v2" or "mobilenet_v3_large" or "mobilenet_v3_small" or "squeezenet1_0" or "squeezenet1_1").ToArray();

    /// <summary>The model whose spec stem is <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No canonical spec has that name; the message lists them.</exception>
    public static BenchModel Find(string name)
    {
        foreach (BenchModel model in All)
        {
            if (string.Equals(model.Name, name, StringComparison.Ordinal)) return model;
        }
        throw new ArgumentException($"No canonical spec '{name}'. Known: {string.Join(", ", Names())}.", nameof(name));
    }

    private static IEnumerable<string> Names()
    {
        foreach (BenchModel model in All) yield return model.Name;
    }
}
