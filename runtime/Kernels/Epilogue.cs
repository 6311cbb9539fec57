namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>What a kernel does to each accumulated value (bias already added) as it stores it.</summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public enum Epilogue
{
    /// <summary>Store the value as is.</summary>
    None,

    /// <summary>Store <c>max(0, value)</c>.</summary>
    Relu,

    /// <summary>
    /// Store <c>max(0, value + destination)</c>: the destination already holds the shortcut, so the
    /// ShuffleNet V1 residual add and its ReLU happen in the store of the unit's last conv.
    /// </summary>
    AddRelu,
}
