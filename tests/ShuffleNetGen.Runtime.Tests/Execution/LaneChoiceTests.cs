using System.Diagnostics;
using System.Linq;
using ShuffleNetGen.Runtime.Execution;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests.Execution;

/// <summary>
/// The per-instance choice between running one image on the lane team and alone: cycles of calls in the faster mode
/// ending in a short burst of the other, the first call after each switch untimed.
/// </summary>
public sealed class LaneChoiceTests
{
    private const int Steady = LaneChoice.Cycle - LaneChoice.BurstLength;

    [Fact]
    public void FirstCycleTimesAloneThenTheTeamLeavingOutTheFirstCallOfEach()
    {
        var choice = new LaneChoice();
        (bool Team, bool Timed)[] calls = Enumerable.Range(0, LaneChoice.Cycle).Select(_ => (choice.PreferTeam(out bool timed), timed)).ToArray();
        Assert.All(calls.Take(Steady), c => Assert.False(c.Team));
        Assert.All(calls.Skip(Steady), c => Assert.True(c.Team));
        Assert.False(calls[0].Timed);
        Assert.False(calls[Steady].Timed);
        Assert.Equal(LaneChoice.Cycle - 2, calls.Count(c => c.Timed));
    }

    [Theory]
    [InlineData(2.0, 1.2, true)]
    [InlineData(2.0, 3.0, false)]
    public void UsesTheFasterModeAndRemeasuresTheOtherAtTheEndOfEachCycle(double soloMs, double teamMs, bool teamFaster)
    {
        var choice = new LaneChoice();
        for (int i = 0; i < 3; i++)
        {
            choice.Record(team: false, Ticks(soloMs));
            choice.Record(team: true, Ticks(teamMs));
        }

        bool[] picks = Enumerable.Range(0, 3 * LaneChoice.Cycle).Select(i => choice.PreferTeam(out bool _)).ToArray();
        for (int i = 0; i < picks.Length; i++)
        {
            bool burst = i % LaneChoice.Cycle >= Steady;
            Assert.Equal(burst ? !teamFaster : teamFaster, picks[i]);
        }
    }

    [Fact]
    public void FollowsTheMachineWhenTheTeamSlowsDown()
    {
        var choice = new LaneChoice();
        for (int i = 0; i < 4; i++) choice.Record(team: false, Ticks(2.0));
        for (int i = 0; i < 4; i++) choice.Record(team: true, Ticks(1.2));
        Assert.True(choice.AveragesMilliseconds.Team < choice.AveragesMilliseconds.Solo);

        // Another process takes a core: one burst of team runs at 3 ms turns the choice back to running alone.
        for (int i = 0; i < LaneChoice.BurstLength - 1; i++) choice.Record(team: true, Ticks(3.0));
        Assert.True(choice.AveragesMilliseconds.Team > choice.AveragesMilliseconds.Solo);
        Assert.False(choice.PreferTeam(out _));
    }

    [Fact]
    public void FirstRunsAreAveragedEvenlySoOneSlowFirstRunFadesQuickly()
    {
        var choice = new LaneChoice();
        choice.Record(team: false, Ticks(14.0)); // a cold first call
        choice.Record(team: false, Ticks(2.0));
        Assert.Equal(8.0, System.Math.Round(choice.AveragesMilliseconds.Solo, 3));
        choice.Record(team: false, Ticks(2.0));
        Assert.Equal(6.0, System.Math.Round(choice.AveragesMilliseconds.Solo, 3));
    }

    private static long Ticks(double milliseconds) => (long)(milliseconds * Stopwatch.Frequency / 1000);
}
