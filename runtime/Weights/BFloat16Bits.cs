using System;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>bfloat16 ⇄ float32 on raw bits: a bfloat16 is the upper half of a float32 (PyTorch c10/util/BFloat16.h).</summary>
internal static class BFloat16Bits
{
    public static float ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>Rounds to nearest, ties to even, as PyTorch's <c>round_to_nearest_even</c>; NaN stays a (quiet) NaN of the same sign.</summary>
    public static ushort FromSingle(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            // Truncating could clear every mantissa bit left and turn NaN into infinity; set the quiet bit instead.
            return (ushort)((bits >> 16) | 0x0040);
        }

        // Adding 0x7FFF (+1 when the kept lowest bit is odd) carries into the kept half exactly when rounding up;
        // a carry out of the largest finite value lands on infinity, which is the correct overflow.
        uint roundingBias = 0x7FFFu + ((bits >> 16) & 1u);
        return (ushort)((bits + roundingBias) >> 16);
    }
}
