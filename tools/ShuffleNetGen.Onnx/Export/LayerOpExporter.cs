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

    public void Export(LayerOp op) => op.Accept(new Nodes(this));

    /// <summary>The ONNX nodes of each op.</summary>
    private sealed class Nodes(LayerOpExporter e) : ILayerOpVisitor<bool>
    {
        public bool Visit(Conv2dOp op) => e.Conv(op);
        public bool Visit(BatchNormOp op) => e.BatchNorm(op);
        public bool Visit(ActivationOp op) => e.Activation(op);
        public bool Visit(MaxPoolOp op) => e.MaxPool(op);
        public bool Visit(AvgPoolOp op) => e.AvgPool(op);
        public bool Visit(GlobalAvgPoolOp op) => e.GlobalAveragePool(op);
        public bool Visit(ChannelSplitOp op) => e.Split(op);
        public bool Visit(ConcatOp op) => e.Node("Concat", op.Name, e.Names(op.Parts), [e.Name(op.Out)], OnnxAttribute.Of("axis", 1L));
        public bool Visit(ChannelShuffleOp op) => e.Shuffle(op);
        public bool Visit(AddOp op) => e.Node("Add", op.Name, [e.Name(op.A), e.Name(op.B)], [e.Name(op.Out)]);
        public bool Visit(ChannelScaleOp op) => e.Node("Mul", op.Name, [e.Name(op.Scale), e.Name(op.Input)], [e.Name(op.Out)]);
        public bool Visit(LinearOp op) => e.Linear(op);
    }

    private bool Node(string opType, string name, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        _graph.Node(opType, name, inputs, outputs, attributes);
        return true;
    }

    /// <summary>
    /// As torch.onnx exports them: <c>nn.ReLU</c> is Relu; <c>nn.ReLU6</c> (hardtanh 0..6) is Clip with min and max as
    /// float inputs (opset 11+); <c>nn.Hardswish</c> is HardSwish (opset 14+) and <c>nn.Hardsigmoid</c> HardSigmoid with
    /// alpha 1/6 and beta 1/2.
    /// </summary>
    private bool Activation(ActivationOp op) => op.Kind switch
    {
        ActivationKind.Relu => Node("Relu", op.Name, [Name(op.Input)], [Name(op.Out)]),
        ActivationKind.Relu6 => Node("Clip", op.Name,
            [Name(op.Input), _graph.FloatConstant(op.Name + ".min", 0f), _graph.FloatConstant(op.Name + ".max", 6f)], [Name(op.Out)]),
        ActivationKind.HardSwish => Node("HardSwish", op.Name, [Name(op.Input)], [Name(op.Out)]),
        ActivationKind.HardSigmoid => Node("HardSigmoid", op.Name, [Name(op.Input)], [Name(op.Out)],
            OnnxAttribute.Of("alpha", 1f / 6f), OnnxAttribute.Of("beta", 0.5f)),
        ActivationKind.Identity => Node("Identity", op.Name, [Name(op.Input)], [Name(op.Out)]),
        _ => throw new NotSupportedException($"No ONNX export for the activation {op.Kind} of '{op.Name}'."),
    };

    private string Name(string tensor) =>
        tensor == _outputTensor ? OnnxExporter.OutputName : tensor == _inputTensor ? OnnxExporter.InputName : tensor;

    private string[] Names(IReadOnlyList<string> tensors)
    {
        var names = new string[tensors.Count];
        for (int i = 0; i < names.Length; i++) names[i] = Name(tensors[i]);
        return names;
    }

    private bool Conv(Conv2dOp conv)
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
        return true;
    }

    /// <summary>Eval-mode <c>nn.BatchNorm2d</c>: scale, bias, running mean, running variance, in ONNX's input order.</summary>
    private bool BatchNorm(BatchNormOp bn)
    {
        string[] inputs =
        [
            Name(bn.Input),
            _weights.Get(bn.WeightKey),
            _weights.Get(bn.BiasKey),
            _weights.Get(bn.RunningMeanKey),
            _weights.Get(bn.RunningVarKey),
        ];
        return Node("BatchNormalization", bn.Name, inputs, [Name(bn.Out)], OnnxAttribute.Of("epsilon", (float)bn.Epsilon));
    }

    private bool MaxPool(MaxPoolOp pool) =>
        Node("MaxPool", pool.Name, [Name(pool.Input)], [Name(pool.Out)],
            OnnxAttribute.Of("ceil_mode", pool.CeilMode ? 1L : 0L),
            OnnxAttribute.Of("kernel_shape", pool.Kernel, pool.Kernel),
            Pads(pool.Padding),
            OnnxAttribute.Of("strides", pool.Stride, pool.Stride));

    private bool AvgPool(AvgPoolOp pool) =>
        Node("AveragePool", pool.Name, [Name(pool.Input)], [Name(pool.Out)],
            OnnxAttribute.Of("ceil_mode", 0L),
            OnnxAttribute.Of("count_include_pad", pool.CountIncludePad ? 1L : 0L),
            OnnxAttribute.Of("kernel_shape", pool.Kernel, pool.Kernel),
            Pads(pool.Padding),
            OnnxAttribute.Of("strides", pool.Stride, pool.Stride));

    /// <summary><c>x.chunk(2, dim=1)</c>: opset 13+ Split takes the part sizes as an INT64 input.</summary>
    private bool Split(ChannelSplitOp split)
    {
        long half = split.HalfShape.Channels;
        string sizes = _graph.Int64Constant(split.Name + ".split", half, half);
        return Node("Split", split.Name, [Name(split.Input), sizes], [Name(split.First), Name(split.Second)], OnnxAttribute.Of("axis", 1L));
    }

    /// <summary>
    /// torchvision's <c>channel_shuffle</c>: view (N, g, C/g, H, W), transpose(1, 2), view (N, C, H, W); Megvii's V1 views
    /// (N, C/g, g, H, W) instead. Shape 0 copies the batch dimension (Reshape, allowzero = 0), so the model takes any N.
    /// </summary>
    private bool Shuffle(ChannelShuffleOp shuffle)
    {
        TensorShape s = shuffle.Shape;
        int g = shuffle.Groups, perGroup = s.Channels / g;
        (long first, long second) = shuffle.Order == ShuffleOrder.Paper ? (g, perGroup) : ((long)perGroup, (long)g);
        string grouped = _graph.Int64Constant(shuffle.Name + ".grouped_shape", 0, first, second, s.Height, s.Width);
        string flat = _graph.Int64Constant(shuffle.Name + ".flat_shape", 0, s.Channels, s.Height, s.Width);
        string viewed = shuffle.Name + ":grouped", transposed = shuffle.Name + ":transposed";
        _graph.Node("Reshape", shuffle.Name + ".view", [Name(shuffle.Input), grouped], [viewed]);
        _graph.Node("Transpose", shuffle.Name + ".transpose", [viewed], [transposed], OnnxAttribute.Of("perm", 0L, 2L, 1L, 3L, 4L));
        return Node("Reshape", shuffle.Name + ".flatten", [transposed, flat], [Name(shuffle.Out)]);
    }

    /// <summary>
    /// GlobalAveragePool; when it ends the model (SqueezeNet's classifier pools the class maps), torchvision's
    /// <c>torch.flatten(x, 1)</c> follows, so the logits are N×classes as every model's are.
    /// </summary>
    private bool GlobalAveragePool(GlobalAvgPoolOp pool)
    {
        if (pool.Out != _outputTensor) return Node("GlobalAveragePool", pool.Name, [Name(pool.Input)], [Name(pool.Out)]);
        string pooled = pool.Name + ":pooled";
        _graph.Node("GlobalAveragePool", pool.Name, [Name(pool.Input)], [pooled]);
        return Node("Flatten", pool.Name + ".flatten", [pooled], [Name(pool.Out)], OnnxAttribute.Of("axis", 1L));
    }

    /// <summary><c>nn.Linear</c> on the pooled N×C×1×1 tensor: Flatten then Gemm(A, W^T, b), no C input without a bias.</summary>
    private bool Linear(LinearOp linear)
    {
        string flat = linear.Name + ":flat";
        _graph.Node("Flatten", linear.Name + ".flatten", [Name(linear.Input)], [flat], OnnxAttribute.Of("axis", 1L));
        string[] inputs = linear.BiasKey is null
            ? [flat, _weights.Get(linear.WeightKey)]
            : [flat, _weights.Get(linear.WeightKey), _weights.Get(linear.BiasKey)];
        return Node("Gemm", linear.Name, inputs, [Name(linear.Out)],
            OnnxAttribute.Of("alpha", 1f), OnnxAttribute.Of("beta", 1f), OnnxAttribute.Of("transB", 1L));
    }

    /// <summary>Symmetric padding as ONNX's [top, left, bottom, right].</summary>
    private static OnnxAttribute Pads(int padding) => OnnxAttribute.Of("pads", padding, padding, padding, padding);
}
