using System.IO;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Onnx.Model;
using ShuffleNetGen.Runtime.Weights;

namespace ShuffleNetGen.Onnx.Export;

/// <summary>
/// Exports a LayerGraph with its weights (safetensors or .pth) as the ONNX model the PyTorch reference would export:
/// input <c>input</c> [N, C, H, W] float32, output <c>logits</c> [N, classes], weights as initializers named by state_dict key.
/// </summary>
internal static class OnnxExporter
{
    public const string InputName = "input";
    public const string OutputName = "logits";
    public const string BatchDimension = "N";

    public static void Export(LayerGraph graph, WeightFile weights, Stream output) =>
        OnnxSerializer.Write(Build(graph, weights), output);

    public static void Export(LayerGraph graph, WeightFile weights, string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Export(graph, weights, file);
    }

    public static OnnxModel Build(LayerGraph graph, WeightFile weights)
    {
        var assembler = new OnnxGraphAssembler();
        var exporter = new LayerOpExporter(assembler, new WeightInitializers(graph, weights, assembler), graph.InputTensor, graph.OutputTensor);
        foreach (LayerOp op in graph.Ops) exporter.Export(op);

        TensorShape s = graph.InputShape;
        OnnxDimension batch = OnnxDimension.Symbolic(BatchDimension);
        var input = new OnnxValueInfo(InputName, OnnxDataType.Float,
            [batch, OnnxDimension.Fixed(s.Channels), OnnxDimension.Fixed(s.Height), OnnxDimension.Fixed(s.Width)]);
        var output = new OnnxValueInfo(OutputName, OnnxDataType.Float, [batch, OnnxDimension.Fixed(graph.Classes)]);
        var onnxGraph = new OnnxGraph(graph.Spec.Name, assembler.Nodes, assembler.Initializers, [input], [output]);
        return OnnxModel.Create(onnxGraph);
    }
}
