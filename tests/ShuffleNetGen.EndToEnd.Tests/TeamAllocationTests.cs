using System;
using System.Threading;
using ShuffleNetGen.Runtime.Execution;
using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>
/// Nothing is allocated per call with the lane team at work: not by the calling thread of a <c>Predict</c> that shares one
/// V2 1.0x image over the team or spreads a batch over it, and not by any lane while it runs its share of an image (each
/// lane counts its own thread's bytes: a process-wide count would also see the test runner's threads).
/// </summary>
[Collection(AllocationCollection.Name)]
public sealed class TeamAllocationTests
{
    [Fact]
    public void Predict_with_the_lane_team_allocates_nothing_on_the_calling_thread()
    {
        var large = new ModelFixture("shufflenet_v2_x1_0");
        var net = ShuffleNetV2X1_0.Load(large.WeightsPath);
        float[] image = large.Input.AsSpan(0, ShuffleNetV2X1_0.InputLength).ToArray();
        var logits = new float[ShuffleNetV2X1_0.Classes];
        AssertNoAllocation(() => net.Predict(image, logits), "one V2 1.0x image");

        var batchLogits = new float[ModelFixture.Batch * ShuffleNetV2X1_0.Classes];
        AssertNoAllocation(() => net.Predict(large.Input, batchLogits, ModelFixture.Batch), $"a V2 1.0x batch of {ModelFixture.Batch}");
    }

    [Fact]
    public void Lanes_running_shares_of_an_image_allocate_nothing()
    {
        LaneTeam? team = LaneTeam.TryRent();
        if (team is null)
        {
            return; // one core, or another test's Predict has the team: nothing to measure here
        }

        try
        {
            var large = new ModelFixture("shufflenet_v2_x1_0");
            IImageModel model = large.Model.Open(large.WeightsPath);
            float[] image = large.Input.AsSpan(0, large.Model.InputLength).ToArray();
            var logits = new float[large.Model.Info.Classes];
            var arena = new float[large.Model.Info.ArenaBytes / sizeof(float)];
            var job = new CountingJob(lane => model.RunLane(image, logits, arena, lane));
            for (int i = 0; i < 20; i++) team.Run(job, team.Size);
            job.Reset();
            for (int i = 0; i < 50; i++) team.Run(job, team.Size);
            Assert.True(job.Allocated == 0, $"the lanes allocated {job.Allocated} bytes in 50 runs of one V2 1.0x image.");
        }
        finally
        {
            LaneTeam.Return(team);
        }
    }

    private static void AssertNoAllocation(Action predict, string what)
    {
        for (int i = 0; i < 50; i++) predict();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) predict();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{what}: 50 calls allocated {allocated} bytes on the calling thread.");
    }

    /// <summary>Runs each lane's share and adds up the bytes each lane's own thread allocated meanwhile.</summary>
    private sealed class CountingJob(Action<Lane> run) : ILaneJob
    {
        private long _allocated;

        public long Allocated => Interlocked.Read(ref _allocated);

        public void Reset() => Interlocked.Exchange(ref _allocated, 0);

        public void RunLane(Lane lane)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            run(lane);
            Interlocked.Add(ref _allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
