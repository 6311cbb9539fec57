using System;
using System.Collections.Generic;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Spec;
using ShuffleNetGen.Onnx.Model;

namespace ShuffleNetGen.Onnx.Export;

/// <summary>
/// Emits each LayerGraph op as the ONNX nodes <c>torch.onnx.export(opset_version=17)</c> writes for the same PyTorch module call.
/// Activations keep their LayerGraph names, except the graph's input and output, which become <see cref="OnnxExporter.InputName"/>
/// and <see cref="OnnxExporter.OutputName"/>.
/// </summary>
internal sealed class LayerOpExporter
{
    private readonly OnnxGraphAssembler _graph;
    private readonly WeightInitializers _weights;
    private readonly string _inputTensor;
    private readonly string _outputTensor;

    public LayerOpExporter(OnnxGraphAssembler graph, WeightInitializers weights, string inputTensor, string outputTensor)
    {
        _graph = graph;
        _weights = weights;
        _inputTensor = inputTensor;
        _outputTensor = outputTensor;
    }

    public void Export(LayerOp op)
    {
        switch (op)
        {
            case Conv2dOp conv: Conv(conv); break;
            case BatchNormOp bn: BatchNorm(bn); break;
            case ReluOp relu: _graph.Node("Relu", relu.Name, [Name(relu.Input)], [Name(relu.Out)]); break;
            case MaxPoolOp pool: MaxPool(pool); break;
            case AvgPoolOp pool: AvgPool(pool); break;
            case ChannelSplitOp split: Split(split); break;
            case ConcatOp cat: _graph.Node("Concat", cat.Name, Names(cat.Parts), [Name(cat.Out)], OnnxAttribute.Of("axis", 1L)); break;
            case ChannelShuffleOp shuffle: Shuffle(shuffle); break;
            case AddOp add: _graph.Node("Add", add.Name, [Name(add.A), Name(add.B)], [Name(add.Out)]); break;
            case GlobalAvgPoolOp gap: _graph.Node("GlobalAveragePool", gap.Name, [Name(gap.Input)], [Name(gap.Out)]); break;
            case LinearOp linear: Linear(linear); break;
            default: throw new NotSupportedException($"No ONNX export for {op.GetType().Name} '{op.Name}'.");
        }
    }

    private string Name(string tensor) =>
        tensor == _outputTensor ? OnnxExporter.OutputName : tensor == _inputTensor ? OnnxExporter.InputName : tensor;

    private string[] Names(IReadOnlyList<string> tensors)
    {
        var names = new string[tensors.Count];
        for (int i = 0; i < names.Length; i++) names[i] = Name(tensors[i]);
        return names;
    }

    private void Conv(Conv2dOp conv)
    {
        string[] inputs = conv.BiasKey is null
            ? [Name(conv.Input), _weights.Get(conv.WeightKey)]
            : [Name(conv.Input), _weights.Get(conv.WeightKey), _weights.Get(conv.BiasKey)];
        _graph.Node("Conv", conv.Name, inputs, [Name(conv.Out)],
            OnnxAttribute.Of("dilations", 1L, 1L),
            OnnxAttribute.Of("group", (long)conv.Groups),
            OnnxAttribute.Of("kernel_shape", conv.Kernel, conv.Kernel),
            Pads(conv.Padding),
            OnnxAttribute.Of("strides", conv.Stride, conv.Stride));
    }

    /// <summary>Eval-mode <c>nn.BatchNorm2d</c>: scale, bias, running mean, running variance, in ONNX's input order.</summary>
    private void BatchNorm(BatchNormOp bn)
    {
        string[] inputs =
        [
            Name(bn.Input),
            _weights.Get(bn.Name + ".weight"),
            _weights.Get(bn.Name + ".bias"),
            _weights.Get(bn.Name + ".running_mean"),
            _weights.Get(bn.Name + ".running_var"),
        ];
        _graph.Node("BatchNormalization", bn.Name, inputs, [Name(bn.Out)], OnnxAttribute.Of("epsilon", (float)bn.Epsilon));
    }

    private void MaxPool(MaxPoolOp pool) =>
        _graph.Node("MaxPool", pool.Name, [Name(pool.Input)], [Name(pool.Out)],
            OnnxAttribute.Of("ceil_mode", 0L),
            OnnxAttribute.Of("kernel_shape", pool.Kernel, pool.Kernel),
            Pads(pool.Padding),
            OnnxAttribute.Of("strides", pool.Stride, pool.Stride));

    private void AvgPool(AvgPoolOp pool) =>
        _graph.Node("AveragePool", pool.Name, [Name(pool.Input)], [Name(pool.Out)],
            OnnxAttribute.Of("ceil_mode", 0L),
            OnnxAttribute.Of("count_include_pad", pool.CountIncludePad ? 1L : 0L),
            OnnxAttribute.Of("kernel_shape", pool.Kernel, pool.Kernel),
            Pads(pool.Padding),
            OnnxAttribute.Of("strides", pool.Stride, pool.Stride));

    /// <summary><c>x.chunk(2, dim=1)</c>: opset 13+ Split takes the part sizes as an INT64 input.</summary>
    private void Split(ChannelSplitOp split)
    {
        long half = split.HalfShape.Channels;
        string sizes = _graph.Int64Constant(split.Name + ".split", half, half);
        _graph.Node("Split", split.Name, [Name(split.Input), sizes], [Name(split.First), Name(split.Second)], OnnxAttribute.Of("axis", 1L));
    }

    /// <summary>
    /// torchvision's <c>channel_shuffle</c>: view (N, g, C/g, H, W), transpose(1, 2), view (N, C, H, W); Megvii's V1 views
    /// (N, C/g, g, H, W) instead. Shape 0 copies the batch dimension (Reshape, allowzero = 0), so the model takes any N.
    /// </summary>
    private void Shuffle(ChannelShuffleOp shuffle)
    {
        TensorShape s = shuffle.Shape;
        int g = shuffle.Groups, perGroup = s.Channels / g;
        (long first, long second) = shuffle.Order == ShuffleOrder.Paper ? (g, perGroup) : ((long)perGroup, (long)g);
        string grouped = _graph.Int64Constant(shuffle.Name + ".grouped_shape", 0, first, second, s.Height, s.Width);
        string flat = _graph.Int64Constant(shuffle.Name + ".flat_shape", 0, s.Channels, s.Height, s.Width);
        string viewed = shuffle.Name + ":grouped", transposed = shuffle.Name + ":transposed";
        _graph.Node("Reshape", shuffle.Name + ".view", [Name(shuffle.Input), grouped], [viewed]);
        _graph.Node("Transpose", shuffle.Name + ".transpose", [viewed], [transposed], OnnxAttribute.Of("perm", 0L, 2L, 1L, 3L, 4L));
        _graph.Node("Reshape", shuffle.Name + ".flatten", [transposed, flat], [Name(shuffle.Out)]);
    }

    /// <summary><c>nn.Linear</c> on the pooled N×C×1×1 tensor: Flatten then Gemm(A, W^T, b), no C input without a bias.</summary>
    private void Linear(LinearOp linear)
    {
        string flat = linear.Name + ":flat";
        _graph.Node("Flatten", linear.Name + ".flatten", [Name(linear.Input)], [flat], OnnxAttribute.Of("axis", 1L));
        string[] inputs = linear.BiasKey is null
            ? [flat, _weights.Get(linear.WeightKey)]
            : [flat, _weights.Get(linear.WeightKey), _weights.Get(linear.BiasKey)];
        _graph.Node("Gemm", linear.Name, inputs, [Name(linear.Out)],
            OnnxAttribute.Of("alpha", 1f), OnnxAttribute.Of("beta", 1f), OnnxAttribute.Of("transB", 1L));
    }

    /// <summary>Symmetric padding as ONNX's [top, left, bottom, right].</summary>
    private static OnnxAttribute Pads(int padding) => OnnxAttribute.Of("pads", padding, padding, padding, padding);
}
