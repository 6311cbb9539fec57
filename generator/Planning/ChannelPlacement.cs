using System.Collections.Generic;

namespace ShuffleNetGen.Generator.Planning;

/// <summary>
/// A block of channel planes the planner hands out: <see cref="Planes"/> planes of <see cref="Pixels"/> floats each.
/// Its arena offset is assigned once every placement is known, from its live interval in graph op indices.
/// </summary>
internal sealed class PlaneBuffer
{
    public PlaneBuffer(int id, int planes, int pixels)
    {
        Id = id;
        Planes = planes;
        Pixels = pixels;
    }

    public int Id { get; }
    public int Planes { get; }
    public int Pixels { get; }
    public int Floats => Planes * Pixels;
    /// <summary>First op index that writes it.</summary>
    public int Start { get; set; } = int.MaxValue;
    /// <summary>Last op index that reads it.</summary>
    public int End { get; set; } = -1;
    public int Offset { get; set; } = -1;
}

/// <summary>
/// Where a tensor's logical channels physically are: channel k is plane <c>Planes[k]</c> of <see cref="Buffer"/>.
/// Split, concat and shuffle only create new placements over the same planes — that is how they move no data.
/// </summary>
internal sealed class ChannelPlacement
{
    public ChannelPlacement(PlaneBuffer buffer, int[] planes)
    {
        Buffer = buffer;
        Planes = planes;
    }

    public PlaneBuffer Buffer { get; }
    public int[] Planes { get; }

    public bool IsIdentity
    {
        get
        {
            for (int k = 0; k < Planes.Length; k++)
            {
                if (Planes[k] != k) return false;
            }
            return true;
        }
    }

    public static int[] Identity(int count, int first = 0)
    {
        var planes = new int[count];
        for (int k = 0; k < count; k++) planes[k] = first + k;
        return planes;
    }

    public ChannelPlacement Slice(int start, int count)
    {
        var planes = new int[count];
        System.Array.Copy(Planes, start, planes, 0, count);
        return new ChannelPlacement(Buffer, planes);
    }

    public bool Overlaps(ChannelPlacement other)
    {
        if (other.Buffer != Buffer) return false;
        var mine = new HashSet<int>(Planes);
        foreach (int p in other.Planes)
        {
            if (mine.Contains(p)) return true;
        }
        return false;
    }
}
