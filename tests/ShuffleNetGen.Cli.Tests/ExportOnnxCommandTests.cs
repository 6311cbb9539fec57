using System;
using System.IO;
using ShuffleNetGen.Cli.Specs;
using ShuffleNetGen.Onnx.Ort;
using ShuffleNetGen.Runtime;
using Xunit;

namespace ShuffleNetGen.Cli.Tests;

/// <summary><c>export-onnx</c>: the exported model, run in ONNX Runtime, gives the logits the compiled class gives for the same weights.</summary>
public sealed class ExportOnnxCommandTests
{
    /// <summary>Of the largest |logit|: the same float32 network, computed in a different order by two engines.</summary>
    private const double Tolerance = 1e-4;

    [Fact]
    public void The_exported_model_computes_what_the_generated_class_computes()
    {
        string folder = Directory.CreateTempSubdirectory("shufflenetgen-export-").FullName;
        try
        {
            string spec = CliRun.Spec("shufflenet_v2_x0_5.model.yaml");
            ModelCompiler.CompiledModel compiled = ModelCompiler.Compile(SpecPipeline.Run(spec));
            string weights = Path.Combine(folder, "w.safetensors"), onnx = Path.Combine(folder, "m.onnx");
            RandomWeights.Write(compiled.Info, weights, seed: 7);
            CliRun run = CliRun.Of("export-onnx", spec, "--weights", weights, "--out", onnx);
            Assert.True(run.ExitCode == 0, run.Error);

            IImageClassifier model = compiled.Load(weights);
            var input = new float[model.InputLength];
            var random = new Random(3);
            for (int i = 0; i < input.Length; i++) input[i] = (float)(random.NextDouble() * 2 - 1);
            var ours = new float[model.Classes];
            model.Predict(input, ours);
            using var session = new OrtSession(onnx, model.InputChannels, model.InputHeight, model.InputWidth);
            float[] theirs = session.Run(input, 1);

            double scale = 0, worst = 0;
            for (int i = 0; i < ours.Length; i++)
            {
                scale = Math.Max(scale, Math.Abs(theirs[i]));
                worst = Math.Max(worst, Math.Abs(theirs[i] - ours[i]));
            }
            Assert.True(scale > 0, "ONNX Runtime returned all-zero logits");
            Assert.True(worst <= Tolerance * scale, $"largest difference {worst} against largest logit {scale}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Weights_that_do_not_fit_are_an_error_naming_the_file()
    {
        string spec = CliRun.Spec("shufflenet_v2_x0_5.model.yaml");
        string weights = Path.Combine(Path.GetTempPath(), $"other-{Guid.NewGuid():N}.safetensors");
        RandomWeights.Write(ModelCompiler.Compile(SpecPipeline.Run(CliRun.Spec("shufflenet_v1_g3_x0_5.model.yaml"))).Info, weights);
        try
        {
            CliRun run = CliRun.Of("export-onnx", spec, "--weights", weights, "--out", weights + ".onnx");
            Assert.Equal(1, run.ExitCode);
            Assert.Contains(Path.GetFileName(weights), run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(weights);
        }
    }
}
