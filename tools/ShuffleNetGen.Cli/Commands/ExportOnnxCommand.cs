using System.CommandLine;
using System.IO;
using ShuffleNetGen.Cli.Specs;
using ShuffleNetGen.Onnx.Export;
using ShuffleNetGen.Runtime.Weights;

namespace ShuffleNetGen.Cli.Commands;

/// <summary><c>export-onnx SPEC --weights W --out M.onnx</c>: the spec's reference graph with its weights as an ONNX model (opset and names as tools/ShuffleNetGen.Onnx writes them).</summary>
internal static class ExportOnnxCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        Argument<FileInfo> spec = SpecArgument.Create();
        var weights = new Option<FileInfo>("--weights") { Description = "The model's state_dict (safetensors or a torch.save .pth).", Required = true };
        weights.AcceptExistingOnly();
        var target = new Option<FileInfo>("--out") { Description = "The .onnx file to write.", Required = true };
        var command = new Command("export-onnx", "Write the spec's network and weights as an ONNX model (input 'input' NCHW, output 'logits').")
        {
            spec, weights, target,
        };
        command.SetAction(parsed =>
        {
            SpecPipeline? pipeline = Diagnostics.Read(parsed.GetValue(spec)!, error);
            if (pipeline is null) return Diagnostics.Failed;
            try
            {
                using WeightFile file = WeightFile.Open(parsed.GetValue(weights)!.FullName);
                string path = parsed.GetValue(target)!.FullName;
                OnnxExporter.Export(pipeline.Graph!, file, path);
                output.WriteLine($"{pipeline.Plan!.ClassName}: wrote {path}");
                return 0;
            }
            catch (WeightFileException e)
            {
                error.WriteLine("error: " + e.Message);
                return Diagnostics.Failed;
            }
        });
        return command;
    }
}
