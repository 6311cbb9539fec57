using System;
using System.Collections.Generic;
using System.IO;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Spec;
using ShuffleNetGen.Runtime;
using ShuffleNetGen.Runtime.Execution;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>Runs a loaded generated model: NCHW input, batch × classes logits.</summary>
internal delegate void Predictor(ReadOnlySpan<float> input, Span<float> output, int batch);

/// <summary>A generated model class seen through what the tests need: its Info and loaders (<see cref="Open"/>: the instance as the runtime sees it).</summary>
/// <remarks><see cref="SpecFile"/> is relative to the repository root.</remarks>
internal sealed record GeneratedModel(string SpecFile, ModelInfo Info, Func<string, Predictor> Load, Func<Stream, Predictor> LoadStream,
    Func<string, IImageModel> Open)
{
    public int InputLength => Info.InputChannels * Info.InputHeight * Info.InputWidth;

    /// <summary>The spec parsed and lowered again here, for the reference executor.</summary>
    public LayerGraph Graph()
    {
        string path = RepositoryFiles.PathOf(SpecFile);
        SpecParseResult parsed = SpecParser.Parse(path, File.ReadAllText(path));
        ModelSpec spec = parsed.Spec ?? throw new InvalidOperationException($"{SpecFile} did not parse: {string.Join("; ", parsed.Diagnostics)}");
        LoweringResult lowered = ModelLowering.Lower(spec);
        return lowered.Graph ?? throw new InvalidOperationException($"{SpecFile} did not lower: {string.Join("; ", lowered.Diagnostics)}");
    }
}

/// <summary>Every canonical spec this project compiles, by spec file stem.</summary>
internal static class GeneratedModels
{
    public static readonly IReadOnlyDictionary<string, GeneratedModel> All = new Dictionary<string, GeneratedModel>(StringComparer.Ordinal)
    {
        ["shufflenet_v2_x0_5"] = new("specs/shufflenet_v2_x0_5.model.yaml", ShuffleNetV2X0_5.Info, p => ShuffleNetV2X0_5.Load(p).Predict, s => ShuffleNetV2X0_5.Load(s).Predict, p => ShuffleNetV2X0_5.Load(p)),
        ["shufflenet_v2_x1_0"] = new("specs/shufflenet_v2_x1_0.model.yaml", ShuffleNetV2X1_0.Info, p => ShuffleNetV2X1_0.Load(p).Predict, s => ShuffleNetV2X1_0.Load(s).Predict, p => ShuffleNetV2X1_0.Load(p)),
        ["shufflenet_v2_x1_5"] = new("specs/shufflenet_v2_x1_5.model.yaml", ShuffleNetV2X1_5.Info, p => ShuffleNetV2X1_5.Load(p).Predict, s => ShuffleNetV2X1_5.Load(s).Predict, p => ShuffleNetV2X1_5.Load(p)),
        ["shufflenet_v2_x2_0"] = new("specs/shufflenet_v2_x2_0.model.yaml", ShuffleNetV2X2_0.Info, p => ShuffleNetV2X2_0.Load(p).Predict, s => ShuffleNetV2X2_0.Load(s).Predict, p => ShuffleNetV2X2_0.Load(p)),
        ["shufflenet_v1_g3_x1_0"] = new("specs/shufflenet_v1_g3_x1_0.model.yaml", ShuffleNetV1G3X1_0.Info, p => ShuffleNetV1G3X1_0.Load(p).Predict, s => ShuffleNetV1G3X1_0.Load(s).Predict, p => ShuffleNetV1G3X1_0.Load(p)),
        ["shufflenet_v1_g3_x1_0_paper"] = new("tests/ShuffleNetGen.EndToEnd.Tests/Specs/shufflenet_v1_g3_x1_0_paper.model.yaml", ShuffleNetV1G3X1_0Paper.Info, p => ShuffleNetV1G3X1_0Paper.Load(p).Predict, s => ShuffleNetV1G3X1_0Paper.Load(s).Predict, p => ShuffleNetV1G3X1_0Paper.Load(p)),
        ["shufflenet_v1_g3_x0_5"] = new("specs/shufflenet_v1_g3_x0_5.model.yaml", ShuffleNetV1G3X0_5.Info, p => ShuffleNetV1G3X0_5.Load(p).Predict, s => ShuffleNetV1G3X0_5.Load(s).Predict, p => ShuffleNetV1G3X0_5.Load(p)),
        ["shufflenet_v1_g3_x0_5_paper"] = new("tests/ShuffleNetGen.EndToEnd.Tests/Specs/shufflenet_v1_g3_x0_5_paper.model.yaml", ShuffleNetV1G3X0_5Paper.Info, p => ShuffleNetV1G3X0_5Paper.Load(p).Predict, s => ShuffleNetV1G3X0_5Paper.Load(s).Predict, p => ShuffleNetV1G3X0_5Paper.Load(p)),
        ["shufflenet_v1_g8_x1_0"] = new("specs/shufflenet_v1_g8_x1_0.model.yaml", ShuffleNetV1G8X1_0.Info, p => ShuffleNetV1G8X1_0.Load(p).Predict, s => ShuffleNetV1G8X1_0.Load(s).Predict, p => ShuffleNetV1G8X1_0.Load(p)),
        ["shufflenet_v1_g8_x1_0_paper"] = new("tests/ShuffleNetGen.EndToEnd.Tests/Specs/shufflenet_v1_g8_x1_0_paper.model.yaml", ShuffleNetV1G8X1_0Paper.Info, p => ShuffleNetV1G8X1_0Paper.Load(p).Predict, s => ShuffleNetV1G8X1_0Paper.Load(s).Predict, p => ShuffleNetV1G8X1_0Paper.Load(p)),
        ["shufflenet_v1_g8_x0_5"] = new("specs/shufflenet_v1_g8_x0_5.model.yaml", ShuffleNetV1G8X0_5.Info, p => ShuffleNetV1G8X0_5.Load(p).Predict, s => ShuffleNetV1G8X0_5.Load(s).Predict, p => ShuffleNetV1G8X0_5.Load(p)),
        ["shufflenet_v1_g8_x0_5_paper"] = new("tests/ShuffleNetGen.EndToEnd.Tests/Specs/shufflenet_v1_g8_x0_5_paper.model.yaml", ShuffleNetV1G8X0_5Paper.Info, p => ShuffleNetV1G8X0_5Paper.Load(p).Predict, s => ShuffleNetV1G8X0_5Paper.Load(s).Predict, p => ShuffleNetV1G8X0_5Paper.Load(p)),
        ["mobilenet_v1"] = new("specs/mobilenet_v1.model.yaml", MobileNetV1.Info, p => MobileNetV1.Load(p).Predict, s => MobileNetV1.Load(s).Predict, p => MobileNetV1.Load(p)),
        ["mobilenet_v2"] = new("specs/mobilenet_v2.model.yaml", MobileNetV2.Info, p => MobileNetV2.Load(p).Predict, s => MobileNetV2.Load(s).Predict, p => MobileNetV2.Load(p)),
        ["mobilenet_v2_x0_75"] = new("specs/mobilenet_v2_x0_75.model.yaml", MobileNetV2X0_75.Info, p => MobileNetV2X0_75.Load(p).Predict, s => MobileNetV2X0_75.Load(s).Predict, p => MobileNetV2X0_75.Load(p)),
        ["mobilenet_v2_x0_5"] = new("specs/mobilenet_v2_x0_5.model.yaml", MobileNetV2X0_5.Info, p => MobileNetV2X0_5.Load(p).Predict, s => MobileNetV2X0_5.Load(s).Predict, p => MobileNetV2X0_5.Load(p)),
        ["mobilenet_v2_x1_4"] = new("specs/mobilenet_v2_x1_4.model.yaml", MobileNetV2X1_4.Info, p => MobileNetV2X1_4.Load(p).Predict, s => MobileNetV2X1_4.Load(s).Predict, p => MobileNetV2X1_4.Load(p)),
        ["mobilenet_v2_tiny"] = new("tests/ShuffleNetGen.EndToEnd.Tests/Specs/mobilenet_v2_tiny.model.yaml", MobileNetV2Tiny.Info, p => MobileNetV2Tiny.Load(p).Predict, s => MobileNetV2Tiny.Load(s).Predict, p => MobileNetV2Tiny.Load(p)),
        ["mobilenet_v3_large"] = new("specs/mobilenet_v3_large.model.yaml", MobileNetV3Large.Info, p => MobileNetV3Large.Load(p).Predict, s => MobileNetV3Large.Load(s).Predict, p => MobileNetV3Large.Load(p)),
        ["mobilenet_v3_small"] = new("specs/mobilenet_v3_small.model.yaml", MobileNetV3Small.Info, p => MobileNetV3Small.Load(p).Predict, s => MobileNetV3Small.Load(s).Predict, p => MobileNetV3Small.Load(p)),
        ["mobilenet_v3_tiny"] = new("tests/ShuffleNetGen.EndToEnd.Tests/Specs/mobilenet_v3_tiny.model.yaml", MobileNetV3Tiny.Info, p => MobileNetV3Tiny.Load(p).Predict, s => MobileNetV3Tiny.Load(s).Predict, p => MobileNetV3Tiny.Load(p)),
        ["squeezenet1_0"] = new("specs/squeezenet1_0.model.yaml", SqueezeNet1_0.Info, p => SqueezeNet1_0.Load(p).Predict, s => SqueezeNet1_0.Load(s).Predict, p => SqueezeNet1_0.Load(p)),
        ["squeezenet1_1"] = new("specs/squeezenet1_1.model.yaml", SqueezeNet1_1.Info, p => SqueezeNet1_1.Load(p).Predict, s => SqueezeNet1_1.Load(s).Predict, p => SqueezeNet1_1.Load(p)),
        ["squeezenet1_0_227"] = new("tests/ShuffleNetGen.EndToEnd.Tests/Specs/squeezenet1_0_227.model.yaml", SqueezeNet1_0At227.Info, p => SqueezeNet1_0At227.Load(p).Predict, s => SqueezeNet1_0At227.Load(s).Predict, p => SqueezeNet1_0At227.Load(p)),
        ["squeezenet1_1_227"] = new("tests/ShuffleNetGen.EndToEnd.Tests/Specs/squeezenet1_1_227.model.yaml", SqueezeNet1_1At227.Info, p => SqueezeNet1_1At227.Load(p).Predict, s => SqueezeNet1_1At227.Load(s).Predict, p => SqueezeNet1_1At227.Load(p)),
        ["squeezenet_tiny"] = new("tests/ShuffleNetGen.EndToEnd.Tests/Specs/squeezenet_tiny.model.yaml", SqueezeNetTiny.Info, p => SqueezeNetTiny.Load(p).Predict, s => SqueezeNetTiny.Load(s).Predict, p => SqueezeNetTiny.Load(p)),
    };
}

/// <summary>Finds files of this repository from the test's output folder.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = global::ShuffleNetGen.Onnx.Ort.RepositoryRoot.Find();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);
}
