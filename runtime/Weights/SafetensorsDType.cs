namespace ShuffleNetGen.Runtime.Weights;

/// <summary>
/// The element types of the safetensors format that a PyTorch <c>state_dict</c> of a ShuffleNet can hold
/// (the format's names are <c>F64</c>, <c>F32</c>, <c>F16</c>, <c>BF16</c>, <c>I64</c>, <c>I32</c>, <c>I16</c>,
/// <c>I8</c>, <c>U8</c>, <c>BOOL</c>). All multi-byte values are little-endian.
/// </summary>
public enum SafetensorsDType
{
    /// <summary>IEEE 754 binary64.</summary>
    F64,
    /// <summary>IEEE 754 binary32.</summary>
    F32,
    /// <summary>IEEE 754 binary16 (<c>torch.float16</c>).</summary>
    F16,
    /// <summary>bfloat16: the upper 16 bits of a binary32 (<c>torch.bfloat16</c>).</summary>
    BF16,
    /// <summary>Signed 64-bit integer (e.g. BatchNorm <c>num_batches_tracked</c>).</summary>
    I64,
    /// <summary>Signed 32-bit integer.</summary>
    I32,
    /// <summary>Signed 16-bit integer.</summary>
    I16,
    /// <summary>Signed 8-bit integer.</summary>
    I8,
    /// <summary>Unsigned 8-bit integer.</summary>
    U8,
    /// <summary>One byte per boolean.</summary>
    Bool,
}
