using System.Diagnostics;
using System.Threading;

namespace ShuffleNetGen.Runtime.Execution;

/// <summary>
/// Decides, for one model instance, whether a single image runs on the lane team or alone, from how long each took lately.
/// A team of two lanes is about 1.6–1.7× faster on an idle 2-core machine, but when another process takes one of the
/// cores the lanes end up sharing one, and every barrier waits for a lane that is not running: measured on V1 g8, a
/// team run then took 1.5× as long as a run alone. So calls go in cycles of <see cref="Cycle"/>: the first
/// <see cref="Cycle"/> − <see cref="BurstLength"/> run the mode that has lately been faster, the last
/// <see cref="BurstLength"/> the other one, and each mode keeps a moving average of its timed runs. The first call of
/// each run of calls in one mode is not timed: after a mode switch the team's helpers may have gone to sleep, and
/// waking them (or their caches) is not what the mode costs in a steady stream of calls. Races between concurrent
/// callers only blur the averages.
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class LaneChoice
{
    /// <summary>Calls per cycle.</summary>
    internal const int Cycle = 20;

    /// <summary>Calls at the end of each cycle that run the mode that is currently slower, to re-measure it.</summary>
    internal const int BurstLength = 4;

    /// <summary>Weight of the newest timed run in a mode's moving average, once it has this many: about the last 3 count.</summary>
    private const double Smoothing = 1.0 / 3;

    private double _soloTicks;
    private double _teamTicks;
    private int _soloRuns;
    private int _teamRuns;
    private int _calls;

    /// <summary>
    /// Whether the next image should try the team (the caller still needs the team to be free), and whether to time it
    /// for <see cref="Record"/>.
    /// </summary>
    internal bool PreferTeam(out bool timed)
    {
        int position = (Interlocked.Increment(ref _calls) - 1) % Cycle;
        timed = position != 0 && position != Cycle - BurstLength;
        double solo = Volatile.Read(ref _soloTicks), team = Volatile.Read(ref _teamTicks);

        // Until both modes have been timed, alone is the faster one: the first cycle times alone, then the team.
        bool teamFaster = solo != 0 && team != 0 && team < solo;
        return position < Cycle - BurstLength ? teamFaster : !teamFaster;
    }

    /// <summary>Adds one timed image, in <see cref="Stopwatch"/> ticks, to the average of the mode it ran in.</summary>
    /// <remarks>The first runs of a mode are averaged evenly (weight 1/n), so one slow first run fades quickly.</remarks>
    internal void Record(bool team, long ticks)
    {
        ref double average = ref team ? ref _teamTicks : ref _soloTicks;
        int runs = Interlocked.Increment(ref team ? ref _teamRuns : ref _soloRuns);
        double old = Volatile.Read(ref average);
        double weight = runs < 3 ? 1.0 / runs : Smoothing;
        Volatile.Write(ref average, old + (weight * (ticks - old)));
    }

    /// <summary>The moving averages in milliseconds (0 until measured), for tests and diagnostics.</summary>
    internal (double Solo, double Team) AveragesMilliseconds =>
        (Volatile.Read(ref _soloTicks) * 1000 / Stopwatch.Frequency, Volatile.Read(ref _teamTicks) * 1000 / Stopwatch.Frequency);
}
