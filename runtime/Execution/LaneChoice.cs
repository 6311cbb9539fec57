using System.Diagnostics;
using System.Threading;

namespace ShuffleNetGen.Runtime.Execution;

/// <summary>
/// Decides, for one model instance, whether a single image runs on the lane team or alone, from how long each took lately.
/// A team of two lanes is about 1.6–1.7× faster on an idle 2-core machine, but when another process takes one of the
/// cores the lanes end up sharing one, and every barrier waits for a lane that is not running: measured on V1 g8, a
/// team run then took 1.5× as long as a run alone. So each call is timed (two timestamp reads), each mode keeps a moving
/// average of its last runs, the faster one is used, and every <see cref="ExploreEvery"/>th call runs the other one so
/// its average follows the machine's load (at most 1 call in 16 runs the slower way). Races between concurrent callers only blur the averages.
/// </summary>
public sealed class LaneChoice
{
    /// <summary>One call in this many runs the mode that is currently slower, to re-measure it.</summary>
    internal const int ExploreEvery = 16;

    /// <summary>
    /// Weight of the newest run in a mode's moving average (1/4: about the last 4 runs count). The slower mode is only run
    /// every <see cref="ExploreEvery"/>th call, so a longer memory would keep a mode that lost during a busy spell out of use
    /// for hundreds of calls after the spell ended.
    /// </summary>
    private const double Smoothing = 1.0 / 4;

    private double _soloTicks;
    private double _teamTicks;
    private int _soloRuns;
    private int _teamRuns;
    private int _calls;

    /// <summary>Whether the next image should try the team (the caller still needs the team to be free).</summary>
    public bool PreferTeam()
    {
        int call = Interlocked.Increment(ref _calls);
        double solo = Volatile.Read(ref _soloTicks), team = Volatile.Read(ref _teamTicks);
        if (solo == 0 || team == 0)
        {
            return solo != 0; // measure each mode once: alone first, then the team
        }

        bool teamFaster = team < solo;
        return call % ExploreEvery == 0 ? !teamFaster : teamFaster;
    }

    /// <summary>Adds one image's time, in <see cref="Stopwatch"/> ticks, to the average of the mode it ran in.</summary>
    /// <remarks>The first runs of a mode are averaged evenly (weight 1/n), so one slow first run fades quickly.</remarks>
    public void Record(bool team, long ticks)
    {
        ref double average = ref team ? ref _teamTicks : ref _soloTicks;
        int runs = Interlocked.Increment(ref team ? ref _teamRuns : ref _soloRuns);
        double old = Volatile.Read(ref average);
        double weight = runs < 4 ? 1.0 / runs : Smoothing;
        Volatile.Write(ref average, old + (weight * (ticks - old)));
    }

    /// <summary>The moving averages in milliseconds (0 until measured), for tests and diagnostics.</summary>
    public (double Solo, double Team) AveragesMilliseconds =>
        (Volatile.Read(ref _soloTicks) * 1000 / Stopwatch.Frequency, Volatile.Read(ref _teamTicks) * 1000 / Stopwatch.Frequency);
}
