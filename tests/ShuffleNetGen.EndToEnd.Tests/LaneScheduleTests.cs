using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ShuffleNetGen.Reference;
using ShuffleNetGen.Runtime.Execution;
using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>
/// The barriers the generator places between steps (<c>lane.Sync()</c>) are enough: the lanes of each generated model
/// run one at a time between barriers, in ascending and in descending order, on an arena full of NaN. A barrier missing
/// before a step that reads another lane's output (or overwrites what another lane still reads) makes one of the two
/// orders read a NaN or a stale value, deterministically, which a real two-core run would only hit by chance. Every
/// split must also give bitwise the logits of one thread: each output value is computed the same way whichever lane does it.
/// </summary>
public sealed class LaneScheduleTests
{
    public static IEnumerable<TheoryDataRow<string>> Models() => SmallModels.Rows(GeneratedModels.All.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Models))]
    public void Serialised_lanes_in_any_order_give_the_one_thread_logits_bitwise(string name)
    {
        var fixture = new ModelFixture(name);
        IImageModel model = fixture.Model.Open(fixture.WeightsPath);
        int inputLength = fixture.Model.InputLength, classes = fixture.Model.Info.Classes;
        int arenaFloats = checked((int)(fixture.Model.Info.ArenaBytes / sizeof(float)));
        float[] input = fixture.Input.AsSpan(0, inputLength).ToArray();

        float[] expected = Run(model, input, classes, arenaFloats, lanes: 1, descending: false);
        ModelFixture.AssertClose(fixture.Expected.AsSpan(0, classes), expected, 1e-4, $"{name} one lane");
        foreach (int lanes in new[] { 2, 3, 4 })
        {
            foreach (bool descending in new[] { false, true })
            {
                float[] actual = Run(model, input, classes, arenaFloats, lanes, descending);
                for (int i = 0; i < classes; i++)
                {
                    Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                        $"{name}, {lanes} lanes run {(descending ? "last to first" : "first to last")}: logit {i} is {actual[i]}, one thread gives {expected[i]}.");
                }
            }
        }
    }

    private static float[] Run(IImageModel model, float[] input, int classes, int arenaFloats, int lanes, bool descending)
    {
        var output = new float[classes];
        output.AsSpan().Fill(float.NaN);
        var arena = new float[arenaFloats];
        arena.AsSpan().Fill(float.NaN);
        if (lanes == 1)
        {
            model.RunLane(input, output, arena, Lane.Solo);
            return output;
        }

        var scheduler = new SerialScheduler(lanes, descending);
        var failures = new Exception?[lanes];
        var threads = Enumerable.Range(0, lanes).Select(i => new Thread(() =>
        {
            var lane = new Lane(scheduler, i, lanes);
            scheduler.WaitTurn(i);
            try
            {
                model.RunLane(input, output, arena, lane);
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
            finally
            {
                scheduler.PassTurn(i);
            }
        })).ToArray();
        foreach (Thread t in threads) t.Start();
        foreach (Thread t in threads) Assert.True(t.Join(TimeSpan.FromMinutes(2)), "a lane hung: the lanes disagree on the number of barriers");
        foreach (Exception? e in failures)
        {
            if (e is not null) throw new InvalidOperationException("a lane failed", e);
        }

        return output;
    }

    /// <summary>A barrier that lets one lane run at a time: between two barriers the lanes take turns in a fixed order.</summary>
    private sealed class SerialScheduler : ILaneBarrier
    {
        private readonly SemaphoreSlim[] _turns;
        private readonly int[] _next;

        public SerialScheduler(int lanes, bool descending)
        {
            _turns = Enumerable.Range(0, lanes).Select(_ => new SemaphoreSlim(0)).ToArray();
            int[] order = Enumerable.Range(0, lanes).ToArray();
            if (descending) Array.Reverse(order);
            _next = new int[lanes];
            for (int k = 0; k < lanes; k++) _next[order[k]] = order[(k + 1) % lanes];
            _turns[order[0]].Release();
        }

        public void WaitTurn(int lane) => Assert.True(_turns[lane].Wait(TimeSpan.FromMinutes(2)), $"lane {lane} never got its turn");

        public void PassTurn(int lane) => _turns[_next[lane]].Release();

        public void Barrier(Lane lane)
        {
            PassTurn(lane.Index);
            WaitTurn(lane.Index);
        }
    }
}
