using System;
using System.Buffers.Binary;

namespace ShuffleNetGen.Runtime.Weights;

/// <summary>A tensor to write with <see cref="SafetensorsWriter"/>: its key, dtype, shape and little-endian bytes.</summary>
/// <param name="Key">The <c>state_dict</c> name.</param>
/// <param name="DType">The element type of <paramref name="Data"/>.</param>
/// <param name="Shape">The dimensions, outermost first; empty for a scalar.</param>
/// <param name="Data">The elements, row-major, little-endian.</param>
public sealed record SafetensorsTensor(string Key, SafetensorsDType DType, int[] Shape, byte[] Data)
{
    /// <summary>Encodes float32 values as F32, F16 or BF16; the narrower types round to nearest, ties to even.</summary>
    /// <exception cref="ArgumentException">The shape's element count differs from the number of values, or the dtype is not F32/F16/BF16.</exception>
    public static SafetensorsTensor FromFloats(string key, int[] shape, ReadOnlySpan<float> values, SafetensorsDType dtype = SafetensorsDType.F32)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckCount(shape, values.Length);
        var data = new byte[values.Length * SafetensorsDTypeNames.ElementSize(dtype)];
        switch (dtype)
        {
            case SafetensorsDType.F32:
                for (int i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), values[i]);
                }

                break;
            case SafetensorsDType.F16:
                for (int i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(i * 2), (Half)values[i]);
                }

                break;
            case SafetensorsDType.BF16:
                for (int i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(i * 2), BFloat16Bits.FromSingle(values[i]));
                }

                break;
            default:
                throw new ArgumentException($"FromFloats writes F32, F16 or BF16, not {SafetensorsDTypeNames.Name(dtype)}.", nameof(dtype));
        }

        return new SafetensorsTensor(key, dtype, (int[])shape.Clone(), data);
    }

    /// <summary>Encodes 64-bit integers as I64 (what PyTorch saves for <c>num_batches_tracked</c>).</summary>
    /// <exception cref="ArgumentException">The shape's element count differs from the number of values.</exception>
    public static SafetensorsTensor FromInt64(string key, int[] shape, ReadOnlySpan<long> values)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckCount(shape, values.Length);
        var data = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(i * 8), values[i]);
        }

        return new SafetensorsTensor(key, SafetensorsDType.I64, (int[])shape.Clone(), data);
    }

    /// <summary>The element count of <paramref name="shape"/>; throws for a negative dimension.</summary>
    internal static long ElementCount(int[] shape)
    {
        long count = 1;
        foreach (int dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(shape));
            count = checked(count * dimension);
        }

        return count;
    }

    private static void CheckCount(int[] shape, int valueCount)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = ElementCount(shape);
        if (count != valueCount)
        {
            throw new ArgumentException($"Shape {SafetensorsHeaderParser.FormatShape(shape)} has {count} elements; {valueCount} values were given.", nameof(shape));
        }
    }
}
