using System.IO;
using ShuffleNetGen.Runtime.Weights;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests.Weights;

/// <summary><see cref="SafetensorsFile.ThrowIfUnusedTensors"/>: weights for another model must not load silently.</summary>
public sealed class UnusedTensorTests
{
    private static SafetensorsFile OpenBlock() => SafetensorsFile.Read(new MemoryStream(SafetensorsRoundTripTests.WriteToBytes(
    [
        SafetensorsTensor.FromFloats("conv1.0.weight", [2, 1, 1, 1], [1, 2]),
        SafetensorsTensor.FromFloats("conv1.1.weight", [2], [1, 1]),
        SafetensorsTensor.FromFloats("conv1.1.running_mean", [2], [0, 0]),
        SafetensorsTensor.FromInt64("conv1.1.num_batches_tracked", [], [42]),
        SafetensorsTensor.FromFloats("fc.weight", [1, 2], [3, 4]),
        SafetensorsTensor.FromFloats("Z.upper", [1], [5]),
    ], null)), "block.safetensors");

    [Fact]
    public void Everything_read_except_batch_counters_passes()
    {
        using SafetensorsFile file = OpenBlock();
        file.ReadFloat32("conv1.0.weight", [2, 1, 1, 1], new float[2]);
        file.ReadFloat32("conv1.1.weight", [2], new float[2]);
        file.ReadFloat32("conv1.1.running_mean", [2], new float[2]);
        file.ReadFloat32("fc.weight", [1, 2], new float[2]);
        file.ReadFloat32("Z.upper", [1], new float[1]);

        file.ThrowIfUnusedTensors();
    }

    [Fact]
    public void One_unused_tensor_is_named_as_the_tensor()
    {
        using SafetensorsFile file = OpenBlock();
        file.ReadFloat32("conv1.0.weight", [2, 1, 1, 1], new float[2]);
        file.ReadFloat32("conv1.1.weight", [2], new float[2]);
        file.ReadFloat32("fc.weight", [1, 2], new float[2]);
        file.ReadFloat32("Z.upper", [1], new float[1]);

        WeightFileException e = Assert.Throws<WeightFileException>(file.ThrowIfUnusedTensors);

        Assert.Equal("conv1.1.running_mean", e.TensorKey);
        Assert.StartsWith("block.safetensors: tensor 'conv1.1.running_mean': never read", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Unused_tensors_are_listed_in_ordinal_order()
    {
        using SafetensorsFile file = OpenBlock();
        file.ReadFloat32("conv1.1.weight", [2], new float[2]);

        WeightFileException e = Assert.Throws<WeightFileException>(file.ThrowIfUnusedTensors);

        Assert.Null(e.TensorKey);
        // Ordinal: upper-case 'Z' sorts before lower-case 'c'; the I64 counter is never listed.
        Assert.EndsWith(": 'Z.upper', 'conv1.0.weight', 'conv1.1.running_mean', 'fc.weight'", e.Message, System.StringComparison.Ordinal);
        Assert.StartsWith("block.safetensors: 4 tensors were never read", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_read_does_not_count_as_used()
    {
        using SafetensorsFile file = OpenBlock();
        Assert.Throws<WeightFileException>(() => file.ReadFloat32("fc.weight", [2, 1], new float[2]));
        file.ReadFloat32("conv1.0.weight", [2, 1, 1, 1], new float[2]);
        file.ReadFloat32("conv1.1.weight", [2], new float[2]);
        file.ReadFloat32("conv1.1.running_mean", [2], new float[2]);
        file.ReadFloat32("Z.upper", [1], new float[1]);

        WeightFileException e = Assert.Throws<WeightFileException>(file.ThrowIfUnusedTensors);

        Assert.Equal("fc.weight", e.TensorKey);
    }
}
