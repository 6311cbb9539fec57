using System;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace ShuffleNetGen.Runtime.Execution;

/// <summary>What a team runs: one image shared out by lanes, or a batch whose lanes take whole images.</summary>
internal interface ILaneJob
{
    /// <summary>Runs this lane's share of the job; every lane of the team calls it once per job.</summary>
    void RunLane(Lane lane);
}

/// <summary>
/// The calling thread plus helper threads that run one image together (see <see cref="Lane"/>). One team serves the
/// process: a call that finds it busy (another thread's <c>Predict</c> has it) runs alone instead of waiting, so
/// concurrent callers never oversubscribe the cores. Helpers are background threads started with the team; between
/// jobs they spin for <see cref="IdleSpin"/> (back-to-back calls find them awake), then sleep on a monitor.
/// </summary>
internal sealed class LaneTeam : ILaneBarrier
{
    /// <summary>
    /// Most lanes one image uses. A judgement call, measured only on 2 cores: with 4 lanes a V2 1.0x 14x14 layer is 3
    /// vectors of 16 pixels per lane and splits over channels instead, and every barrier waits for the slowest of 4.
    /// </summary>
    public const int MaxLanes = 4;

    /// <summary>How long an idle helper keeps spinning for the next job before it sleeps.</summary>
    private static readonly long IdleSpin = Stopwatch.Frequency / 2000; // 0.5 ms

    private static readonly object s_createGate = new();
    private static LaneTeam? s_team;
    private static int s_rented;

    private readonly Lane[][] _lanes;
    private readonly object _gate = new();
    private ILaneJob? _job;

    /// <summary>The current job's number (upper bits) and lane count (low 8 bits), published in one write.</summary>
    private long _ticket;
    private int _sleepers;
    private int _arrived;
    private int _done;
    private volatile bool _aborted;
    private Exception? _fault;

    private LaneTeam(int lanes)
    {
        Size = lanes;
        _lanes = new Lane[lanes + 1][];
        for (int count = 1; count <= lanes; count++)
        {
            _lanes[count] = new Lane[count];
            for (int i = 0; i < count; i++)
            {
                _lanes[count][i] = new Lane(this, i, count);
            }
        }

        for (int i = 1; i < lanes; i++)
        {
            int index = i;
            new Thread(() => HelperLoop(index)) { IsBackground = true, Name = $"ShuffleNetGen lane {index}" }.Start();
        }
    }

    /// <summary>Lanes of this team, the calling thread's included.</summary>
    public int Size { get; }

    /// <summary>
    /// The process's team, if it is free and the machine has more than one core; <see langword="null"/> otherwise.
    /// Give it back with <see cref="Return"/>.
    /// </summary>
    public static LaneTeam? TryRent()
    {
        int lanes = Math.Min(Environment.ProcessorCount, MaxLanes);
        if (lanes < 2 || Interlocked.CompareExchange(ref s_rented, 1, 0) != 0)
        {
            return null;
        }

        if (s_team is null)
        {
            lock (s_createGate)
            {
                s_team ??= new LaneTeam(lanes);
            }
        }

        return s_team;
    }

    /// <summary>Gives the team back for the next caller.</summary>
    public static void Return(LaneTeam team)
    {
        Debug.Assert(ReferenceEquals(team, s_team), "Only the process's team is rented.");
        Volatile.Write(ref s_rented, 0);
    }

    /// <summary>
    /// Runs <paramref name="job"/> on <paramref name="lanes"/> lanes: lane 0 on the calling thread, the others on helpers.
    /// Returns when every lane has finished; an exception from any lane is rethrown here after all have stopped.
    /// </summary>
    public void Run(ILaneJob job, int lanes)
    {
        if (lanes < 2 || lanes > Size)
        {
            throw new ArgumentOutOfRangeException(nameof(lanes), lanes, $"A team of {Size} runs 2..{Size} lanes.");
        }

        Lane[] seats = _lanes[lanes];
        foreach (Lane seat in seats)
        {
            seat.Phase = 0;
        }

        _job = job;
        _arrived = 0;
        _done = 0;
        _aborted = false;
        _fault = null;

        // Publish the job (a full fence), then wake sleeping helpers; a helper about to sleep re-checks the ticket under
        // the monitor after announcing itself, so one of the two always sees the other.
        Interlocked.Exchange(ref _ticket, (((_ticket >> 8) + 1) << 8) | (uint)lanes);
        if (Volatile.Read(ref _sleepers) > 0)
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        }

        try
        {
            job.RunLane(seats[0]);
        }
        catch (Exception e)
        {
            Fail(e);
        }

        var spinner = new SpinWait();
        while (Volatile.Read(ref _done) < lanes - 1)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        _job = null;
        if (_fault is { } fault)
        {
            ExceptionDispatchInfo.Throw(fault);
        }
    }

    /// <summary>Waits until every lane has arrived at its <see cref="Lane.Phase"/>-th barrier of this job.</summary>
    public void Barrier(Lane lane)
    {
        int target = ++lane.Phase * lane.Count;
        if (Interlocked.Increment(ref _arrived) >= target)
        {
            return;
        }

        var spinner = new SpinWait();
        while (Volatile.Read(ref _arrived) < target)
        {
            if (_aborted)
            {
                throw new LaneAbortedException();
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    private void Fail(Exception e)
    {
        if (e is not LaneAbortedException)
        {
            Interlocked.CompareExchange(ref _fault, e, null);
        }

        _aborted = true;
    }

    private void HelperLoop(int index)
    {
        long seen = 0;
        while (true)
        {
            seen = WaitForJob(seen);
            int lanes = (int)(seen & 0xFF);
            if (index >= lanes)
            {
                continue; // not in this job, whose fields may already be the next job's
            }

            // A lane of this job: the job cannot finish, nor the next one start, before this lane is done.
            ILaneJob job = _job!;

            try
            {
                job.RunLane(_lanes[lanes][index]);
            }
            catch (Exception e)
            {
                Fail(e);
            }
            finally
            {
                Interlocked.Increment(ref _done);
            }
        }
    }

    /// <summary>Spins, then sleeps, until the ticket moves past <paramref name="seen"/>; returns the new ticket.</summary>
    private long WaitForJob(long seen)
    {
        long deadline = Stopwatch.GetTimestamp() + IdleSpin;
        var spinner = new SpinWait();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            long ticket = Volatile.Read(ref _ticket);
            if (ticket != seen)
            {
                return ticket;
            }

            if (spinner.NextSpinWillYield)
            {
                spinner.Reset();
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }

        lock (_gate)
        {
            Interlocked.Increment(ref _sleepers);
            try
            {
                while (Volatile.Read(ref _ticket) == seen)
                {
                    Monitor.Wait(_gate);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _sleepers);
            }

            return Volatile.Read(ref _ticket);
        }
    }

    /// <summary>Thrown in a lane waiting at a barrier when another lane has failed: the job is abandoned.</summary>
    private sealed class LaneAbortedException : Exception
    {
        public LaneAbortedException()
            : base("Another lane of the team failed.")
        {
        }
    }
}
