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
    /// <summary>The reference network's layers, in execution order.</summary>
    public IReadOnlyList<LayerInfo> Layers { get; }
    /// <summary>The tensors a weights file must hold, under the reference implementation's state_dict keys.</summary>
    public IReadOnlyList<WeightTensorInfo> Tensors { get; }
}

/// <summary>One module of the reference network: its state_dict name, kind, shapes (CHW) and cost.</summary>
public sealed record LayerInfo(string Name, string Kind, string InputShape, string OutputShape, long MultiplyAdds, long Parameters);

/// <summary>A state_dict entry the model loads: key, shape, and whether it is a BatchNorm running statistic (a buffer, not a parameter).</summary>
public sealed record WeightTensorInfo(string Key, IReadOnlyList<int> Shape, bool IsRunningStatistic);
