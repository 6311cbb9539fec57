using System.Collections.Generic;

namespace ShuffleNetGen.Runtime;

/// <summary>Static facts about a generated model, computed by the generator at build time.</summary>
public sealed class ModelInfo
{
    /// <summary>Made by the generated class's <c>Info</c>: for use by the code the ShuffleNetGen generator emits.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public ModelInfo(string name, string family, int inputChannels, int inputHeight, int inputWidth, int classes,
        long multiplyAdds, long parameters, long arenaBytes, long weightBytes, IReadOnlyList<LayerInfo> layers,
        IReadOnlyList<WeightTensorInfo> tensors)
    {
        Name = name;
        Family = family;
        InputChannels = inputChannels;
        InputHeight = inputHeight;
        InputWidth = inputWidth;
        Classes = classes;
        MultiplyAdds = multiplyAdds;
        Parameters = parameters;
        ArenaBytes = arenaBytes;
        WeightBytes = weightBytes;
        Layers = layers;
        Tensors = tensors;
    }

    /// <summary>The generated class name.</summary>
    public string Name { get; }
    /// <summary>The architecture family, as written in the spec (<c>shufflenet_v2</c>, <c>shufflenet_v1</c>).</summary>
    public string Family { get; }
    public int InputChannels { get; }
    public int InputHeight { get; }
    public int InputWidth { get; }
    public int Classes { get; }
    /// <summary>Multiply-adds of the convolutions and linear layers for one image (the papers' measure).</summary>
    public long MultiplyAdds { get; }
    /// <summary>Learned parameters as PyTorch counts them (BatchNorm running statistics excluded).</summary>
    public long Parameters { get; }
    /// <summary>Bytes of activation memory one image in flight needs (the planner's arena).</summary>
    public long ArenaBytes { get; }
    /// <summary>Bytes of folded, packed weights held by a loaded instance.</summary>
    public long WeightBytes { get; }
    /// <summary>
    /// The generated code's layers in run order: each convolution, pool or linear layer with what its store absorbed, and the
    /// split, concat and shuffle layers that only relabel channels. The rows' multiply-adds and parameters sum to the totals.
    /// </summary>
    public IReadOnlyList<LayerInfo> Layers { get; }
    /// <summary>The tensors a weights file must hold, under the reference implementation's state_dict keys.</summary>
    public IReadOnlyList<WeightTensorInfo> Tensors { get; }
}

/// <summary>One layer of the generated code, named by the reference module it computes (its state_dict prefix).</summary>
/// <param name="Name">The anchor module, e.g. <c>stage2.0.branch2.0</c>.</param>
/// <param name="Kind">What it computes, e.g. <c>Conv1x1/s1</c>, <c>DepthwiseConv3x3/s2</c>, <c>ChannelShuffle/g2</c>.</param>
/// <param name="InputShape">CHW, e.g. <c>58x28x28</c>; several inputs or outputs are joined by <c> + </c>.</param>
/// <param name="OutputShape">CHW of what it writes (a split: both halves).</param>
/// <param name="MultiplyAdds">Multiply-adds for one image (convolutions and linear layers; the papers' FLOPs).</param>
/// <param name="Parameters">Learned parameters of the module and of the BatchNorm folded into it, as PyTorch counts them.</param>
/// <param name="MemoryAccess">
/// Floats the kernel reads and writes for one image (ShuffleNet V2's memory access cost): input + output + weights, so a 1x1
/// conv is hw(c1 + c2) + c1·c2, plus a folded BatchNorm's bias and a fused residual's second read. Relabelling layers: 0.
/// </param>
/// <param name="Kernel">The runtime kernel it runs (<c>Conv1x1</c>, …); empty for split, concat and shuffle, which move no data.</param>
/// <param name="Fused">The modules its store absorbed, e.g. <c>BatchNorm stage2.0.branch2.1, ReLU stage2.0.branch2.2</c>; empty when none.</param>
/// <param name="Calls">Kernel calls it makes per image: 1, one per group for a grouped 1x1 conv, 0 for relabelling.</param>
public sealed record LayerInfo(string Name, string Kind, string InputShape, string OutputShape, long MultiplyAdds, long Parameters,
    long MemoryAccess, string Kernel, string Fused, int Calls);

/// <summary>A state_dict entry the model loads: key, shape, and whether it is a BatchNorm running statistic (a buffer, not a parameter).</summary>
public sealed record WeightTensorInfo(string Key, IReadOnlyList<int> Shape, bool IsRunningStatistic);
