using System.Collections.Generic;
using System.Linq;
using ShuffleNetGen.Generator.Planning;

namespace ShuffleNetGen.Generator.Emit;

/// <summary>
/// How the lanes of a team (threads running one image together) share the plan's steps: which steps every lane computes
/// a part of and which lane 0 runs whole, and where a barrier (<c>lane.Sync()</c>) must stand. A barrier goes before a
/// step that touches memory an earlier step since the last barrier wrote, or writes memory such a step read — unless
/// both run whole on lane 0, which does them in order anyway. Memory is tracked plane by plane through the plane tables,
/// so the groups of a grouped conv mostly need no barrier between them. (V2's downsampling branches are independent, but the
/// arena plan reuses the planes one frees for the other, so they are ordered too.)
/// </summary>
internal static class LaneSchedule
{
    /// <summary>
    /// Fewest multiply-adds (or window taps, for pools) for a step to be split over the lanes. Below this, one lane's share
    /// would take less time than the barrier that follows it; measured on Zen 5, a barrier costs about 0.5 us.
    /// </summary>
    public const long MinSplitWork = 65536;

    /// <summary>
    /// Fewest multiply-adds for a model to share one image over a team at all. Smaller models (V2 0.5x: 41 M, about 0.65 ms
    /// on one Zen 5 core) have too little work per layer for the ~60 barriers of a run, and on a shared machine a lane that
    /// loses its core stalls the other at every one of them: they run each image on one thread and spread batches instead.
    /// </summary>
    public const long MinSharedMultiplyAdds = 100_000_000;

    /// <summary>Whether the emitted model shares one image over a team of threads.</summary>
    public static bool SharesImages(ExecutionPlan plan) => plan.MultiplyAdds >= MinSharedMultiplyAdds;

    /// <summary>What the emitter writes for each step: whether it is split, and whether a barrier comes before it.</summary>
    public readonly record struct Slot(bool Split, bool SyncBefore);

    public static Slot[] Plan(ExecutionPlan plan)
    {
        Dictionary<string, IReadOnlyList<int>> tables = plan.Tables.ToDictionary(t => t.Name, t => (IReadOnlyList<int>)t.Planes.ToArray());
        var slots = new Slot[plan.Steps.Count];
        var pending = new List<(Access Access, bool Split)>();
        for (int i = 0; i < plan.Steps.Count; i++)
        {
            PlanStep step = plan.Steps[i];
            Access access = AccessOf(step, tables);
            bool split = WorkOf(step) >= MinSplitWork;
            bool sync = pending.Any(p => (p.Split || split) && p.Access.ConflictsWith(access));
            if (sync)
            {
                pending.Clear();
            }

            pending.Add((access, split));
            slots[i] = new Slot(split, sync);
        }

        return slots;
    }

    /// <summary>The step's work as its catalogue row counts it.</summary>
    private static long WorkOf(PlanStep step) => KernelCatalogue.Named(step.Kernel).Work(step);

    /// <summary>What the step reads and writes, in the addressing its catalogue row uses: whole blocks or planes through tables.</summary>
    private static Access AccessOf(PlanStep step, Dictionary<string, IReadOnlyList<int>> tables)
    {
        KernelRow row = KernelCatalogue.Named(step.Kernel);
        var access = new Access();
        Touch(access, isWrite: false, row.Reads, step.Input, step.InputTable, step.InShape, tables);
        Touch(access, isWrite: true, row.Writes, step.Output, step.OutputTable, step.OutShape, tables);
        access.Seal();
        return access;
    }

    private static void Touch(Access access, bool isWrite, TensorAccess addressing, Region region, string? table, Graph.TensorShape shape,
        Dictionary<string, IReadOnlyList<int>> tables)
    {
        if (addressing == TensorAccess.PlaneTable)
        {
            Planes(access, isWrite, region, table, shape.Channels, shape.Pixels, tables);
        }
        else if (isWrite)
        {
            access.Write(region, 0, shape.Elements);
        }
        else
        {
            access.Read(region, 0, shape.Elements);
        }
    }

    private static void Planes(Access access, bool isWrite, Region region, string? table, int channels, int planeFloats,
        Dictionary<string, IReadOnlyList<int>> tables)
    {
        IReadOnlyList<int>? planes = table is null ? null : tables[table];
        for (int c = 0; c < channels; c++)
        {
            long start = (long)(planes is null ? c : planes[c]) * planeFloats;
            if (isWrite)
            {
                access.Write(region, start, planeFloats);
            }
            else
            {
                access.Read(region, start, planeFloats);
            }
        }
    }

    /// <summary>The floats one step reads and writes: half-open intervals in the arena, the input and the output.</summary>
    private sealed class Access
    {
        private readonly List<(RegionKind Kind, long Start, long End)> _reads = new();
        private readonly List<(RegionKind Kind, long Start, long End)> _writes = new();

        public void Read(Region region, long start, long length) => _reads.Add(Interval(region, start, length));

        public void Write(Region region, long start, long length) => _writes.Add(Interval(region, start, length));

        /// <summary>Sorts and merges the intervals, once all are added; <see cref="ConflictsWith"/> needs that.</summary>
        public void Seal()
        {
            Merge(_reads);
            Merge(_writes);
        }

        /// <summary>Whether running this and <paramref name="later"/> concurrently could race: a write overlaps a read or a write.</summary>
        public bool ConflictsWith(Access later) =>
            Overlap(_writes, later._reads) || Overlap(_writes, later._writes) || Overlap(_reads, later._writes);

        private static (RegionKind, long, long) Interval(Region region, long start, long length)
        {
            long offset = region.Kind == RegionKind.Arena ? region.Offset : 0;
            return (region.Kind, offset + start, offset + start + length);
        }

        /// <summary>Sorts the intervals and merges touching ones, in place.</summary>
        private static void Merge(List<(RegionKind Kind, long Start, long End)> list)
        {
            if (list.Count < 2)
            {
                return;
            }

            list.Sort();
            int last = 0;
            for (int i = 1; i < list.Count; i++)
            {
                if (list[i].Kind == list[last].Kind && list[i].Start <= list[last].End)
                {
                    list[last] = (list[last].Kind, list[last].Start, System.Math.Max(list[last].End, list[i].End));
                }
                else
                {
                    list[++last] = list[i];
                }
            }

            list.RemoveRange(last + 1, list.Count - last - 1);
        }

        /// <summary>Whether two sorted, merged interval lists intersect.</summary>
        private static bool Overlap(List<(RegionKind Kind, long Start, long End)> a, List<(RegionKind Kind, long Start, long End)> b)
        {
            int i = 0, j = 0;
            while (i < a.Count && j < b.Count)
            {
                var x = a[i];
                var y = b[j];
                if (x.Kind == y.Kind && x.Start < y.End && y.Start < x.End)
                {
                    return true;
                }

                if (x.Kind < y.Kind || (x.Kind == y.Kind && x.End <= y.End))
                {
                    i++;
                }
                else
                {
                    j++;
                }
            }

            return false;
        }
    }
}
