using System.Collections.Generic;
using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Generator.Planning;

/// <summary>
/// Every runtime kernel the planner can select, first match wins (XNNPACK's <c>*.inc</c> habit: dispatch, the kernel tests
/// and the benchmarks all enumerate this one table). A layer no row matches is a located diagnostic, never a fallback.
/// </summary>
internal static class KernelCatalogue
{
    private static readonly StoreEpilogue Plain = new(ActivationKind.Identity, Residual: false);

    /// <summary>Every activation the runtime's <c>Activation</c> names, without the residual.</summary>
    private static readonly StoreEpilogue[] Activations =
    {
        Plain, new(ActivationKind.Relu, Residual: false), new(ActivationKind.Relu6, Residual: false),
        new(ActivationKind.HardSwish, Residual: false), new(ActivationKind.HardSigmoid, Residual: false),
    };

    /// <summary>Every activation, with and without adding the destination's value first (the residual).</summary>
    private static readonly StoreEpilogue[] ActivationsAndResidual =
    {
        Plain, new(ActivationKind.Relu, Residual: false), new(ActivationKind.Relu6, Residual: false),
        new(ActivationKind.Identity, Residual: true), new(ActivationKind.Relu, Residual: true), new(ActivationKind.Relu6, Residual: true),
        new(ActivationKind.HardSwish, Residual: false), new(ActivationKind.HardSigmoid, Residual: false),
        new(ActivationKind.HardSwish, Residual: true), new(ActivationKind.HardSigmoid, Residual: true),
    };

    /// <summary>The 1x1 and stem kernels work on blocks of 8 output channels, zero-padded.</summary>
    private static int Block8(int channels) => (channels + 7) / 8 * 8;

    public static readonly KernelRow StemConv3x3 = new()
    {
        Name = "StemConv3x3",
        // Padding 1 is every stem but one; 0 is SqueezeNet 1.1's Conv2d(3, 64, 3, stride 2).
        Op = KernelOp.Conv, Kernel = 3, Strides = new[] { 2 }, Padding = 1, Paddings = new[] { 0, 1 }, ReadsImage = true,
        Epilogues = Activations,
        Reads = TensorAccess.Contiguous, Writes = TensorAccess.Contiguous, Output = OutputPlacement.Identity,
        Packing = (outChannels, inChannels, _) => (Block8(outChannels) * inChannels * 9, Block8(outChannels)),
        LoadCall = "StemConv3x3({weightKey}, {biasKey}, {bn}, {eps}, {out}, {in}, {w}, {b})",
        RunArguments = "{input}, {inChannels}, {height}, {width}, {padding}, {weights}, {bias}, {outChannels}, {output}, {outHeight}, {outWidth}, {activation}",
        Describe = s => $"conv 3x3 s{s.Stride} p{s.Padding} {s.InShape} -> {s.OutShape}",
        Work = s => s.OutShape.Elements * s.InShape.Channels * 9,
    };

    public static readonly KernelRow Conv1x1 = new()
    {
        Name = "Conv1x1",
        Op = KernelOp.Conv, Kernel = 1, Groups = new[] { ConvGroups.Dense, ConvGroups.Grouped }, OneCallPerGroup = true,
        Epilogues = ActivationsAndResidual,
        Reads = TensorAccess.PlaneTable, Writes = TensorAccess.PlaneTable, Output = OutputPlacement.AnyPlanes,
        Packing = (outChannels, inChannels, _) => (Block8(outChannels) * inChannels, Block8(outChannels)),
        LoadCall = "Conv1x1({weightKey}, {biasKey}, {bn}, {eps}, {out}, {in}, {groups}, {group}, {w}, {b})",
        RunArguments = "{input}, {inputTable}, {pixels}, {weights}, {bias}, {inChannels}, {outChannels}, {output}, {outputTable}, {activation}, residual: {residual}",
        Describe = s => $"conv 1x1 {s.InShape.Channels}->{s.OutShape.Channels} @ {s.OutShape.Height}x{s.OutShape.Width}",
        Work = s => s.OutShape.Elements * s.InShape.Channels,
    };

    public static readonly KernelRow DepthwiseConv3x3 = new()
    {
        Name = "DepthwiseConv3x3",
        Op = KernelOp.Conv, Kernel = 3, Strides = new[] { 1, 2 }, Padding = 1, Groups = new[] { ConvGroups.Depthwise },
        Epilogues = Activations,
        Reads = TensorAccess.PlaneTable, Writes = TensorAccess.PlaneTable, Output = OutputPlacement.AnyPlanes,
        Packing = (outChannels, _, _) => (outChannels * 9, outChannels),
        LoadCall = "Depthwise3x3({weightKey}, {biasKey}, {bn}, {eps}, {out}, {w}, {b})",
        RunArguments = "{input}, {inputTable}, {height}, {width}, {stride}, {weights}, {bias}, {outChannels}, {output}, {outputTable}, {outHeight}, {outWidth}, {activation}",
        Describe = s => $"depthwise 3x3 s{s.Stride} {s.InShape} -> {s.OutShape}",
        Work = s => s.OutShape.Elements * 9,
    };

    public static readonly KernelRow MaxPool3x3 = new()
    {
        Name = "MaxPool3x3",
        // Padding 0 is SqueezeNet's MaxPool2d(3, 2, ceil_mode=True): the output size carries the mode.
        Op = KernelOp.MaxPool, Kernel = 3, Strides = new[] { 1, 2 }, Padding = 1, Paddings = new[] { 0, 1 },
        Epilogues = new[] { Plain },
        Reads = TensorAccess.Contiguous, Writes = TensorAccess.Contiguous, Output = OutputPlacement.Identity,
        RunArguments = "{input}, {inChannels}, {height}, {width}, {stride}, {padding}, {output}, {outHeight}, {outWidth}",
        Describe = s => $"max pool 3x3 s{s.Stride} {s.InShape} -> {s.OutShape}",
        Work = s => s.OutShape.Elements * 9,
    };

    public static readonly KernelRow AvgPool3x3 = new()
    {
        Name = "AvgPool3x3",
        Op = KernelOp.AvgPoolCountingPadding, Kernel = 3, Strides = new[] { 1, 2 }, Padding = 1,
        Epilogues = new[] { Plain },
        Reads = TensorAccess.PlaneTable, Writes = TensorAccess.PlaneTable, Output = OutputPlacement.AnyPlanes,
        RunArguments = "{input}, {inputTable}, {height}, {width}, {stride}, {inChannels}, {output}, {outputTable}, {outHeight}, {outWidth}, {activation}",
        Describe = s => $"avg pool 3x3 s{s.Stride} {s.InShape} -> {s.OutShape}",
        Work = s => s.OutShape.Elements * 9,
    };

    public static readonly KernelRow GlobalAveragePool = new()
    {
        Name = "GlobalAveragePool",
        Op = KernelOp.GlobalAvgPool,
        Epilogues = new[] { Plain },
        Reads = TensorAccess.PlaneTable, Writes = TensorAccess.Contiguous, Output = OutputPlacement.Identity,
        RunArguments = "{input}, {inputTable}, {pixels}, {inChannels}, {output}",
        Describe = s => $"global average pool {s.InShape} -> {s.OutShape.Channels}",
        Work = s => s.InShape.Elements,
    };

    public static readonly KernelRow Linear = new()
    {
        Name = "Linear",
        Op = KernelOp.Linear,
        Epilogues = new[] { Plain },
        Reads = TensorAccess.Contiguous, Writes = TensorAccess.Contiguous, Output = OutputPlacement.ModelOutput,
        Packing = (outChannels, inChannels, hasBias) => (outChannels * inChannels, hasBias ? outChannels : 0),
        LoadCall = "Linear({weightKey}, {biasKey}, {out}, {in}, {w}, {b})",
        RunArguments = "{input}, {inChannels}, {weights}, {bias}, {outChannels}, {output}",
        Describe = s => $"linear {s.InShape.Channels} -> {s.OutShape.Channels}",
        Work = s => s.OutShape.Elements * s.InShape.Channels,
    };

    public static readonly KernelRow DepthwiseConv5x5 = new()
    {
        Name = "DepthwiseConv5x5",
        Op = KernelOp.Conv, Kernel = 5, Strides = new[] { 1, 2 }, Padding = 2, Groups = new[] { ConvGroups.Depthwise },
        Epilogues = Activations,
        Reads = TensorAccess.PlaneTable, Writes = TensorAccess.PlaneTable, Output = OutputPlacement.AnyPlanes,
        Packing = (outChannels, _, _) => (outChannels * 25, outChannels),
        LoadCall = "Depthwise5x5({weightKey}, {biasKey}, {bn}, {eps}, {out}, {w}, {b})",
        RunArguments = "{input}, {inputTable}, {height}, {width}, {stride}, {weights}, {bias}, {outChannels}, {output}, {outputTable}, {outHeight}, {outWidth}, {activation}",
        Describe = s => $"depthwise 5x5 s{s.Stride} {s.InShape} -> {s.OutShape}",
        Work = s => s.OutShape.Elements * 25,
    };

    /// <summary>Squeeze-and-excitation's <c>scale * input</c>: reads the C gates, updates the planes in place.</summary>
    public static readonly KernelRow SqueezeExciteScale = new()
    {
        Name = "SqueezeExciteScale",
        Op = KernelOp.ChannelScale,
        Epilogues = new[] { Plain },
        Reads = TensorAccess.Contiguous, Writes = TensorAccess.PlaneTable, Output = OutputPlacement.InPlace,
        RunArguments = "{input}, {outChannels}, {output}, {outputTable}, {outHeight}, {outWidth}",
        Describe = s => $"channel scale {s.OutShape}",
        Work = s => s.OutShape.Elements,
    };

    /// <summary>A Linear whose output another layer reads, with the activation after it (MobileNet V3's classifier.0 + Hardswish).</summary>
    public static readonly KernelRow HiddenLinear = new()
    {
        Name = "HiddenLinear",
        Op = KernelOp.Linear,
        Epilogues = Activations,
        Reads = TensorAccess.Contiguous, Writes = TensorAccess.Contiguous, Output = OutputPlacement.Identity,
        Packing = Linear.Packing,
        LoadCall = Linear.LoadCall,
        RunArguments = "{input}, {inChannels}, {weights}, {bias}, {outChannels}, {output}, {activation}",
        Describe = s => $"linear {s.InShape.Channels} -> {s.OutShape.Channels}",
        Work = Linear.Work,
    };

    /// <summary>A dense 1x1 conv over a 1x1 map with bias (squeeze-and-excitation's fc1 and fc2): a matrix-vector product.</summary>
    public static readonly KernelRow SqueezeExciteFc = new()
    {
        Name = "SqueezeExciteFc",
        Op = KernelOp.Conv, Kernel = 1, MaxInputPixels = 1,
        Epilogues = Activations,
        Reads = TensorAccess.PlaneTable, Writes = TensorAccess.PlaneTable, Output = OutputPlacement.AnyPlanes,
        Packing = (outChannels, inChannels, _) => (outChannels * inChannels, outChannels),
        LoadCall = "PointwiseAsMatrix({weightKey}, {biasKey}, {bn}, {eps}, {out}, {in}, {w}, {b})",
        RunArguments = "{input}, {inputTable}, {inChannels}, {weights}, {bias}, {outChannels}, {output}, {outputTable}, {activation}",
        Describe = s => $"conv 1x1 {s.InShape.Channels}->{s.OutShape.Channels} @ 1x1",
        Work = s => s.OutShape.Elements * s.InShape.Channels,
    };

    /// <summary>The dense k x k convs work on blocks of 4 output channels, zero-padded.</summary>
    private static int Block4(int channels) => (channels + 3) / 4 * 4;

    /// <summary>A dense k x k conv on any planes (SqueezeNet's Fire expand3x3, its stems), bias and BatchNorm folded.</summary>
    private static KernelRow DenseConv(string name, int kernel, int[] strides, int[] paddings) => new()
    {
        Name = name,
        Op = KernelOp.Conv, Kernel = kernel, Strides = strides, Paddings = paddings,
        Epilogues = Activations,
        Reads = TensorAccess.PlaneTable, Writes = TensorAccess.PlaneTable, Output = OutputPlacement.AnyPlanes,
        Packing = (outChannels, inChannels, _) => (Block4(outChannels) * inChannels * kernel * kernel, Block4(outChannels)),
        LoadCall = "ConvKxK({weightKey}, {biasKey}, {bn}, {eps}, {out}, {in}, " + kernel + ", {w}, {b})",
        RunArguments = "{input}, {inputTable}, {inChannels}, {height}, {width}, {stride}, {padding}, {weights}, {bias}, {outChannels}, {output}, {outputTable}, {outHeight}, {outWidth}, {activation}",
        Describe = s => $"conv {kernel}x{kernel} s{s.Stride} p{s.Padding} {s.InShape} -> {s.OutShape}",
        Work = s => s.OutShape.Elements * s.InShape.Channels * kernel * kernel,
    };

    /// <summary>Fire's expand3x3 (stride 1, padding 1) and SqueezeNet 1.1's stem (stride 2, padding 0).</summary>
    public static readonly KernelRow Conv3x3 = DenseConv("Conv3x3", 3, new[] { 1, 2 }, new[] { 0, 1 });

    /// <summary>
    /// Fire's expand3x3 (stride 1, padding 1) by Winograd F(2x2, 3x3): 16 multiplies per 2x2 outputs instead of 36. Its
    /// transformed-input scratch bounds the input's depth (the runtime's <c>WinogradConv3x3.MaxInputChannels</c>); deeper
    /// convs fall to <see cref="Conv3x3"/>, the next row.
    /// </summary>
    public static readonly KernelRow WinogradConv3x3 = new()
    {
        Name = "WinogradConv3x3",
        Op = KernelOp.Conv, Kernel = 3, Strides = new[] { 1 }, Padding = 1, MaxInputChannels = 192,
        Epilogues = Activations,
        Reads = TensorAccess.PlaneTable, Writes = TensorAccess.PlaneTable, Output = OutputPlacement.AnyPlanes,
        Packing = (outChannels, inChannels, _) => (Block4(outChannels) * 16 * inChannels, Block4(outChannels)),
        LoadCall = "WinogradConv3x3({weightKey}, {biasKey}, {bn}, {eps}, {out}, {in}, {w}, {b})",
        RunArguments = "{input}, {inputTable}, {inChannels}, {height}, {width}, {weights}, {bias}, {outChannels}, {output}, {outputTable}, {outHeight}, {outWidth}, {activation}",
        Describe = s => $"conv 3x3 s1 p1 (Winograd) {s.InShape} -> {s.OutShape}",
        Work = s => s.OutShape.Elements * s.InShape.Channels * 9,
    };

    /// <summary>SqueezeNet 1.0's stem, stride 2 without padding.</summary>
    public static readonly KernelRow Conv7x7 = DenseConv("Conv7x7", 7, new[] { 1, 2 }, new[] { 0, 1, 2, 3 });

    /// <summary>
    /// The table, in match order: the stem before the depthwise conv, which a 3-channel image would also fit; the classifier's
    /// Linear (into the logits, no activation) before the hidden one; the one-pixel 1x1 conv before the general one; the
    /// Winograd 3x3 before the direct one, which takes what it does not.
    /// </summary>
    public static IReadOnlyList<KernelRow> Rows { get; } = new[]
    {
        StemConv3x3, SqueezeExciteFc, Conv1x1, DepthwiseConv3x3, MaxPool3x3, AvgPool3x3, GlobalAveragePool, Linear,
        DepthwiseConv5x5, SqueezeExciteScale, HiddenLinear, WinogradConv3x3, Conv3x3, Conv7x7,
    };

    public static KernelRow Named(string name)
    {
        foreach (KernelRow row in Rows)
        {
            if (row.Name == name) return row;
        }
        throw new KeyNotFoundException($"No kernel named '{name}' in the catalogue.");
    }
}
