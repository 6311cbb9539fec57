using System;
using System.Buffers.Binary;
using System.Diagnostics;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>Converts little-endian F64/F16/BF16 tensor bytes to float32 (F64 rounds to nearest even; the others are exact).</summary>
internal static class Float32Decoder
{
    public static void Decode(SafetensorsDType dtype, ReadOnlySpan<byte> source, Span<float> destination)
    {
        int size = SafetensorsDTypeNames.ElementSize(dtype);
        Debug.Assert(source.Length == destination.Length * size);
        switch (dtype)
        {
            case SafetensorsDType.F64:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(i * 8)..]);
                }

                break;
            case SafetensorsDType.F32:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
                }

                break;
            case SafetensorsDType.F16:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(i * 2)..]);
                }

                break;
            case SafetensorsDType.BF16:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BFloat16Bits.ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source[(i * 2)..]));
                }

                break;
            default:
                throw new UnreachableException($"{dtype} is not a floating-point dtype.");
        }
    }
}
