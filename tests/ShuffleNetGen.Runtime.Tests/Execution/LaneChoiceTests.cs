using System.Diagnostics;
using System.Linq;
using ShuffleNetGen.Runtime.Execution;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests.Execution;

/// <summary>The per-instance choice between running one image on the lane team and alone: measure both, use the faster, re-measure the other now and then.</summary>
public sealed class LaneChoiceTests
{
    [Fact]
    public void MeasuresAloneFirstThenTheTeam()
    {
        var choice = new LaneChoice();
        Assert.False(choice.PreferTeam());
        choice.Record(team: false, Ticks(2.0));
        Assert.True(choice.PreferTeam());
        choice.Record(team: true, Ticks(1.0));
        Assert.Equal((2.0, 1.0), Rounded(choice.AveragesMilliseconds));
    }

    [Theory]
    [InlineData(2.0, 1.2, true)]
    [InlineData(2.0, 3.0, false)]
    public void UsesTheFasterModeAndExploresTheOtherOnceEvery16Calls(double soloMs, double teamMs, bool teamFaster)
    {
        var choice = new LaneChoice();
        choice.PreferTeam();
        choice.Record(team: false, Ticks(soloMs));
        choice.PreferTeam();
        choice.Record(team: true, Ticks(teamMs));

        bool[] picks = Enumerable.Range(0, 4 * LaneChoice.ExploreEvery).Select(_ => choice.PreferTeam()).ToArray();
        int other = picks.Count(p => p != teamFaster);
        Assert.Equal(4, other);
    }

    [Fact]
    public void FollowsTheMachineWhenTheTeamSlowsDown()
    {
        var choice = new LaneChoice();
        choice.Record(team: false, Ticks(2.0));
        for (int i = 0; i < 8; i++) choice.Record(team: true, Ticks(1.2));
        Assert.True(choice.AveragesMilliseconds.Team < choice.AveragesMilliseconds.Solo);

        // Another process takes a core: team runs now take 3 ms. A few of them turn the choice back to running alone.
        for (int i = 0; i < 4; i++) choice.Record(team: true, Ticks(3.0));
        Assert.True(choice.AveragesMilliseconds.Team > choice.AveragesMilliseconds.Solo);
        int teamPicks = Enumerable.Range(0, LaneChoice.ExploreEvery).Count(_ => choice.PreferTeam());
        Assert.Equal(1, teamPicks);
    }

    [Fact]
    public void FirstRunsAreAveragedEvenlySoOneSlowFirstRunFadesQuickly()
    {
        var choice = new LaneChoice();
        choice.Record(team: false, Ticks(14.0)); // a cold first call
        for (int i = 0; i < 2; i++) choice.Record(team: false, Ticks(2.0));
        Assert.Equal(6.0, Rounded(choice.AveragesMilliseconds).Solo);
    }

    private static long Ticks(double milliseconds) => (long)(milliseconds * Stopwatch.Frequency / 1000);

    private static (double Solo, double Team) Rounded((double Solo, double Team) ms) => (System.Math.Round(ms.Solo, 3), System.Math.Round(ms.Team, 3));
}
