using System;
using System.Collections.Generic;
using System.Linq;

namespace ShuffleNetGen.Generator.Planning;

/// <summary>Allocate, the planner's last job: one arena offset per buffer, buffers whose live intervals meet kept apart.</summary>
internal static class ArenaAllocator
{
    /// <summary>Arena and weight offsets are multiples of 16 floats (64 bytes, one cache line / one Vector512).</summary>
    public const int AlignmentFloats = 16;

    public static int Align(int floats) => (floats + AlignmentFloats - 1) / AlignmentFloats * AlignmentFloats;

    /// <summary>Greedy by size: each buffer takes the lowest aligned offset clear of every buffer whose live interval meets its own. Returns the arena's floats.</summary>
    public static int Assign(IReadOnlyList<PlaneBuffer> buffers)
    {
        int total = 0;
        var assigned = new List<PlaneBuffer>();
        foreach (PlaneBuffer buffer in buffers.OrderByDescending(b => b.Floats).ThenBy(b => b.Id))
        {
            var clashes = assigned.Where(o => o.Start <= buffer.End && buffer.Start <= o.End).OrderBy(o => o.Offset).ToList();
            int offset = 0;
            foreach (PlaneBuffer other in clashes)
            {
                if (offset + buffer.Floats <= other.Offset) break;
                offset = Math.Max(offset, Align(other.Offset + other.Floats));
            }
            buffer.Offset = offset;
            assigned.Add(buffer);
            total = Math.Max(total, Align(offset + buffer.Floats));
        }
        return total;
    }
}
