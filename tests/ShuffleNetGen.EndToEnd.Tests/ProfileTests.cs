using System;
using ShuffleNetGen.Runtime;
using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary><c>Profile</c>: a median time per row of <c>Info.Layers</c>, measured on the calling thread; nothing allocated per timed run.</summary>
[Collection(AllocationCollection.Name)]
public sealed class ProfileTests
{
    private readonly ModelFixture _small = new("shufflenet_v1_g3_x0_5", seed: 17);

    [Fact]
    public void One_row_per_layer_relabelling_ones_zero_kernel_ones_timed()
    {
        IImageClassifier model = ShuffleNetV2X0_5.Load(new ModelFixture("shufflenet_v2_x0_5", seed: 5).WeightsPath);
        ModelProfile profile = model.Profile(new float[model.InputLength], 5);

        Assert.Same(model.Info, profile.Info);
        Assert.Equal(5, profile.Iterations);
        Assert.Equal(model.Info.Layers.Count, profile.Layers.Count);
        double sum = 0;
        for (int i = 0; i < profile.Layers.Count; i++)
        {
            LayerTime row = profile.Layers[i];
            Assert.Same(model.Info.Layers[i], row.Layer);
            if (row.Layer.Calls == 0) Assert.Equal(0, row.MedianMilliseconds);
            else Assert.True(row.MedianMilliseconds > 0, $"{row.Layer.Name} took {row.MedianMilliseconds} ms");
            sum += row.MedianMilliseconds;
        }
        Assert.True(profile.MedianMilliseconds > 0);
        Assert.Equal(SimdPath.Name, profile.SimdPath);
        Assert.True(sum > 0);
    }

    [Fact]
    public void Wrong_input_or_no_iterations_are_argument_errors()
    {
        IImageClassifier model = (IImageClassifier)_small.Model.Open(_small.WeightsPath);
        var e = Assert.Throws<ArgumentException>(() => model.Profile(new float[model.InputLength - 1], 3));
        Assert.Contains($"= {model.InputLength} floats, but has {model.InputLength - 1}", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Profile(new float[model.InputLength], 0));
    }

    /// <summary>
    /// More runs cost only their timestamps and one more median slot each: the runs themselves allocate nothing. The runtime
    /// allocates once now and then on its own (about 4 KB, seen after tiered compilation's call counts); of three pairs of
    /// calls, one is free of it.
    /// </summary>
    [Fact]
    public void Timed_runs_allocate_nothing()
    {
        IImageClassifier model = (IImageClassifier)_small.Model.Open(_small.WeightsPath);
        var input = new float[model.InputLength];
        model.Profile(input, 100);
        long perRun = sizeof(long) * (model.Info.Layers.Count + 1) + sizeof(double);

        var extra = new long[3];
        for (int pair = 0; pair < extra.Length; pair++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            model.Profile(input, 1);
            long one = GC.GetAllocatedBytesForCurrentThread() - before;
            before = GC.GetAllocatedBytesForCurrentThread();
            model.Profile(input, 41);
            long many = GC.GetAllocatedBytesForCurrentThread() - before;
            extra[pair] = many - one;
        }
        Assert.Contains(40 * perRun, extra);
    }
}
