using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Graph;

/// <summary>An element-wise activation, as data: the graph, the plan and the kernels' stores all name it by this kind.</summary>
internal enum ActivationKind
{
    /// <summary>No activation (a linear bottleneck's store).</summary>
    Identity,
    /// <summary><c>nn.ReLU</c>: max(x, 0).</summary>
    Relu,
    /// <summary><c>nn.ReLU6</c>: clamp(x, 0, 6).</summary>
    Relu6,
    /// <summary><c>nn.Hardswish</c>: x * clamp(x + 3, 0, 6) / 6.</summary>
    HardSwish,
    /// <summary><c>nn.Hardsigmoid</c>: clamp(x + 3, 0, 6) / 6.</summary>
    HardSigmoid,
}

/// <summary><c>nn.ReLU</c>, <c>nn.ReLU6</c>, …: one op, its function a <see cref="ActivationKind"/>.</summary>
internal sealed record ActivationOp(string Name, string Input, string Out, TensorShape Shape, ActivationKind Kind) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => One(Input);
    public override string Output => Out;
    public override TensorShape OutputShape => Shape;
    public override long MemoryAccess => 2 * Shape.Elements;
    public override string Description => Kind.ModuleName();
    public override T Accept<T>(ILayerOpVisitor<T> visitor) => visitor.Visit(this);
}

internal static class ActivationKinds
{
    /// <summary>PyTorch's module name, as <c>ModelInfo.Layers</c> and step comments show it.</summary>
    public static string ModuleName(this ActivationKind kind) => kind switch
    {
        ActivationKind.Relu => "ReLU",
        ActivationKind.Relu6 => "ReLU6",
        ActivationKind.HardSwish => "Hardswish",
        ActivationKind.HardSigmoid => "Hardsigmoid",
        _ => "Identity",
    };
}
