using System;
using System.Buffers.Binary;
using System.IO;
using ShuffleNetGen.Runtime.Weights;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests.Weights;

/// <summary>
/// F16 and BF16 conversions against <see cref="FloatFormatReference"/>. Format conversion is exact by definition
/// (one correctly rounded result), so these compare bit for bit.
/// </summary>
public sealed class ReducedPrecisionConversionTests
{
    public static TheoryData<SafetensorsDType> ReducedDTypes => new() { SafetensorsDType.F16, SafetensorsDType.BF16 };

    [Theory]
    [MemberData(nameof(ReducedDTypes))]
    public void Writer_rounds_to_nearest_even(SafetensorsDType dtype)
    {
        (int exponentBits, int mantissaBits) = Layout(dtype);
        float[] values = FloatFormatReference.TestValues(seed: 7, randomCount: 20_000);

        SafetensorsTensor tensor = SafetensorsTensor.FromFloats("t", [values.Length], values, dtype);

        for (int i = 0; i < values.Length; i++)
        {
            ushort bits = BinaryPrimitives.ReadUInt16LittleEndian(tensor.Data.AsSpan(2 * i));
            double expected = FloatFormatReference.Round(values[i], exponentBits, mantissaBits);
            double actual = FloatFormatReference.Decode(bits, exponentBits, mantissaBits);
            Assert.True(FloatFormatReference.SameValue(expected, actual),
                $"{dtype}: {values[i]:R} (0x{BitConverter.SingleToInt32Bits(values[i]):X8}) encoded as 0x{bits:X4} = {actual:R}, expected {expected:R}");
        }
    }

    [Theory]
    [MemberData(nameof(ReducedDTypes))]
    public void Writer_keeps_the_sign_of_nan(SafetensorsDType dtype)
    {
        float negativeNan = BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00000));
        SafetensorsTensor tensor = SafetensorsTensor.FromFloats("t", [2], [float.NaN, negativeNan], dtype);

        Assert.True(float.IsNaN(ReadBack(tensor)[0]));
        Assert.True(float.IsNegative(ReadBack(tensor)[1]) && float.IsNaN(ReadBack(tensor)[1]));
    }

    [Theory]
    [MemberData(nameof(ReducedDTypes))]
    public void Reader_decodes_every_bit_pattern(SafetensorsDType dtype)
    {
        (int exponentBits, int mantissaBits) = Layout(dtype);
        var data = new byte[2 * 65536];
        for (int bits = 0; bits < 65536; bits++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(2 * bits), (ushort)bits);
        }

        float[] decoded = ReadBack(new SafetensorsTensor("all", dtype, [256, 256], data), [256, 256]);

        for (int bits = 0; bits < 65536; bits++)
        {
            double expected = FloatFormatReference.Decode((uint)bits, exponentBits, mantissaBits);
            Assert.True(FloatFormatReference.SameValue(expected, decoded[bits]),
                $"{dtype} 0x{bits:X4} decoded as {decoded[bits]:R}, expected {expected:R}");
        }
    }

    [Fact]
    public void Reader_rounds_f64_to_the_nearest_float()
    {
        double[] values = [0.1, -1e-300, 1e300, double.NaN, double.NegativeInfinity, 1 + Math.ScaleB(1, -24), 1 + 3 * Math.ScaleB(1, -24), -0.0];
        var data = new byte[8 * values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8 * i), values[i]);
        }

        float[] decoded = ReadBack(new SafetensorsTensor("d", SafetensorsDType.F64, [values.Length], data), [values.Length]);

        // Expected values spelled out: 0.1f; -0 from underflow; +inf from overflow; ties 1 + 2^-24 → 1, 1 + 3·2^-24 → 1 + 2^-22.
        float[] expected = [0.1f, -0f, float.PositiveInfinity, float.NaN, float.NegativeInfinity, 1f, 1f + MathF.ScaleB(1, -22), -0f];
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(FloatFormatReference.SameValue(expected[i], decoded[i]), $"{values[i]:R} read as {decoded[i]:R}, expected {expected[i]:R}");
        }
    }

    private static (int ExponentBits, int MantissaBits) Layout(SafetensorsDType dtype) => dtype == SafetensorsDType.F16
        ? (FloatFormatReference.HalfExponentBits, FloatFormatReference.HalfMantissaBits)
        : (FloatFormatReference.BFloat16ExponentBits, FloatFormatReference.BFloat16MantissaBits);

    private static float[] ReadBack(SafetensorsTensor tensor) => ReadBack(tensor, tensor.Shape);

    private static float[] ReadBack(SafetensorsTensor tensor, int[] shape)
    {
        var stream = new MemoryStream();
        SafetensorsWriter.Write(stream, [tensor]);
        stream.Position = 0;
        using SafetensorsFile file = SafetensorsFile.Read(stream, "conversion.safetensors");
        var values = new float[(int)file.Tensors[tensor.Key].ElementCount];
        file.ReadFloat32(tensor.Key, shape, values);
        return values;
    }
}
