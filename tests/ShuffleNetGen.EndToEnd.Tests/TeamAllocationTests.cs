using System;
using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>Runs alone: it counts the bytes every thread of the process allocates.</summary>
[CollectionDefinition(nameof(ProcessWideAllocations), DisableParallelization = true)]
public sealed class ProcessWideAllocations;

/// <summary>
/// Nothing is allocated per call on any thread, the lane team's helpers included: one image split over the team (V2 1.0x
/// shares its images), and a batch spread over it (V2 0.5x, whose images each run on one lane).
/// </summary>
[Collection(nameof(ProcessWideAllocations))]
public sealed class TeamAllocationTests
{
    [Fact]
    public void Predict_on_the_lane_team_allocates_nothing_on_any_thread()
    {
        var large = new ModelFixture("shufflenet_v2_x1_0");
        var net = ShuffleNetV2X1_0.Load(large.WeightsPath);
        float[] image = large.Input.AsSpan(0, ShuffleNetV2X1_0.InputLength).ToArray();
        var logits = new float[ShuffleNetV2X1_0.Classes];
        AssertNoAllocation(() => net.Predict(image, logits), "one V2 1.0x image");

        var small = new ModelFixture("shufflenet_v2_x0_5");
        var net2 = ShuffleNetV2X0_5.Load(small.WeightsPath);
        var batchLogits = new float[ModelFixture.Batch * ShuffleNetV2X0_5.Classes];
        AssertNoAllocation(() => net2.Predict(small.Input, batchLogits, ModelFixture.Batch), $"a V2 0.5x batch of {ModelFixture.Batch}");
    }

    private static void AssertNoAllocation(Action predict, string what)
    {
        for (int i = 0; i < 50; i++) predict();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < 50; i++) predict();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(allocated == 0, $"{what}: 50 calls allocated {allocated} bytes across the process's threads.");
    }
}
