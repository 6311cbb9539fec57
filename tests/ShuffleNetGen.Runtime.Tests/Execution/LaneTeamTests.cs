using System;
using System.Threading;
using ShuffleNetGen.Runtime.Execution;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests.Execution;

/// <summary>
/// The process's lane team: its barrier orders every lane's writes before every lane's later reads, a failing lane
/// fails the call without hanging it, and the team stays usable. The team is one per process, so these tests run in
/// one class (xunit runs a class's tests one at a time) and each gives the team back.
/// </summary>
public sealed class LaneTeamTests
{
    [Fact]
    public void SoloLaneIsOnePartThatNeverWaits()
    {
        Assert.Equal(0, Lane.Solo.Index);
        Assert.Equal(1, Lane.Solo.Count);
        Assert.True(Lane.Solo.Part.IsWhole);
        Lane.Solo.Sync();
    }

    [Fact]
    public void TeamIsRentedByOneCallerAtATime()
    {
        LaneTeam? team = LaneTeam.TryRent();
        if (Environment.ProcessorCount < 2)
        {
            Assert.Null(team);
            return;
        }

        Assert.NotNull(team);
        try
        {
            Assert.Null(LaneTeam.TryRent());
            Assert.InRange(team.Size, 2, LaneTeam.MaxLanes);
        }
        finally
        {
            LaneTeam.Return(team);
        }

        LaneTeam? again = LaneTeam.TryRent();
        Assert.Same(team, again);
        LaneTeam.Return(again!);
    }

    [Fact]
    public void BarrierMakesEveryLanesWritesVisibleToEveryLane()
    {
        WithTeam(team =>
        {
            for (int lanes = 2; lanes <= team.Size; lanes++)
            {
                // 200 jobs of 50 phases: in phase k each lane writes its own cell, syncs, then checks every lane's cell.
                var job = new PhaseJob(lanes, phases: 50);
                for (int run = 0; run < 200; run++)
                {
                    job.Reset(run);
                    team.Run(job, lanes);
                    Assert.Equal(0, job.Errors);
                    Assert.Equal(lanes, job.LanesRun);
                }
            }
        });
    }

    [Fact]
    public void EveryLaneGetsItsOwnPartOfTheCount()
    {
        WithTeam(team =>
        {
            var seen = new Part[team.Size];
            var job = new DelegateJob(lane => seen[lane.Index] = lane.Part);
            team.Run(job, team.Size);
            for (int i = 0; i < team.Size; i++)
            {
                Assert.Equal(new Part(i, team.Size), seen[i]);
            }
        });
    }

    [Fact]
    public void FailingHelperLaneFailsTheCallAndReleasesTheOthers()
    {
        WithTeam(team =>
        {
            var job = new DelegateJob(lane =>
            {
                lane.Sync();
                if (lane.Index == team.Size - 1) throw new InvalidOperationException("helper lane failed");
                lane.Sync(); // the failing lane never arrives here: the others must not wait for ever
                lane.Sync();
            });
            var e = Assert.Throws<InvalidOperationException>(() => team.Run(job, team.Size));
            Assert.Equal("helper lane failed", e.Message);
            AssertTeamStillWorks(team);
        });
    }

    [Fact]
    public void FailingCallingLaneFailsTheCallAfterTheHelpersStop()
    {
        WithTeam(team =>
        {
            int helpersFinished = 0;
            var job = new DelegateJob(lane =>
            {
                try
                {
                    if (lane.Index == 0) throw new ArgumentException("calling lane failed");
                    lane.Sync();
                }
                finally
                {
                    if (lane.Index != 0) Interlocked.Increment(ref helpersFinished);
                }
            });
            var e = Assert.Throws<ArgumentException>(() => team.Run(job, team.Size));
            Assert.Equal("calling lane failed", e.Message);
            Assert.Equal(team.Size - 1, Volatile.Read(ref helpersFinished));
            AssertTeamStillWorks(team);
        });
    }

    [Fact]
    public void HelpersWakeUpAfterSleeping()
    {
        WithTeam(team =>
        {
            // Longer than the helpers' idle spin: they are asleep on the monitor when the next job comes.
            for (int i = 0; i < 3; i++)
            {
                Thread.Sleep(20);
                AssertTeamStillWorks(team);
            }
        });
    }

    [Fact]
    public void RunRejectsLaneCountsTheTeamDoesNotHave()
    {
        WithTeam(team =>
        {
            var job = new DelegateJob(_ => { });
            Assert.Throws<ArgumentOutOfRangeException>(() => team.Run(job, 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => team.Run(job, team.Size + 1));
        });
    }

    private static void AssertTeamStillWorks(LaneTeam team)
    {
        var job = new PhaseJob(team.Size, phases: 5);
        job.Reset(7);
        team.Run(job, team.Size);
        Assert.Equal(0, job.Errors);
        Assert.Equal(team.Size, job.LanesRun);
    }

    private static void WithTeam(Action<LaneTeam> test)
    {
        if (Environment.ProcessorCount < 2)
        {
            Assert.Null(LaneTeam.TryRent());
            return;
        }

        LaneTeam team = LaneTeam.TryRent() ?? throw new InvalidOperationException("The lane team is rented by someone else.");
        try
        {
            test(team);
        }
        finally
        {
            LaneTeam.Return(team);
        }
    }

    private sealed class DelegateJob(Action<Lane> run) : ILaneJob
    {
        public void RunLane(Lane lane) => run(lane);
    }

    /// <summary>Each phase: every lane writes its cell (plain writes), syncs, then reads every cell and counts wrong ones.</summary>
    private sealed class PhaseJob(int lanes, int phases) : ILaneJob
    {
        private readonly int[,] _cells = new int[phases, lanes];
        private int _run;
        private int _errors;
        private int _lanesRun;

        public int Errors => Volatile.Read(ref _errors);

        public int LanesRun => Volatile.Read(ref _lanesRun);

        public void Reset(int run)
        {
            _run = run;
            _errors = 0;
            _lanesRun = 0;
        }

        public void RunLane(Lane lane)
        {
            Interlocked.Increment(ref _lanesRun);
            for (int k = 0; k < phases; k++)
            {
                _cells[k, lane.Index] = Value(k, lane.Index);
                lane.Sync();
                for (int j = 0; j < lanes; j++)
                {
                    if (_cells[k, j] != Value(k, j)) Interlocked.Increment(ref _errors);
                }
            }
        }

        private int Value(int phase, int lane) => (_run * 1_000_000) + (phase * 100) + lane + 1;
    }
}
