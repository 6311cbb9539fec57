namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>
/// What a kernel applies to each value (bias, and the residual if asked, already added) as it stores it: the activation
/// module that follows the convolution in the reference PyTorch model, fused into its store. Each value has one operator
/// (<see cref="IActivationOperator"/>) and one line in <see cref="ActivationDispatch"/>.
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public enum Activation
{
    /// <summary>Store the value as is (a conv with no activation after it, MobileNet V2's linear bottleneck).</summary>
    Identity,

    /// <summary><c>nn.ReLU</c>: <c>max(0, value)</c>.</summary>
    Relu,

    /// <summary><c>nn.ReLU6</c>: <c>min(max(0, value), 6)</c>.</summary>
    Relu6,

    /// <summary><c>nn.Hardswish</c>: <c>value * min(max(value + 3, 0), 6) / 6</c> (MobileNet V3's h-swish).</summary>
    HardSwish,

    /// <summary><c>nn.Hardsigmoid</c>: <c>min(max(value + 3, 0), 6) / 6</c> (MobileNet V3's squeeze-and-excitation gate).</summary>
    HardSigmoid,
}
