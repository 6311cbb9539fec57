using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Planning;

/// <summary>The constant channel → plane maps steps read and write through, deduplicated by content.</summary>
internal sealed class PlaneTables
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly List<PlaneTable> _tables = new();
    private readonly ChannelPlacer _placer;

    public PlaneTables(ChannelPlacer placer) => _placer = placer;

    public ImmutableEquatableArray<PlaneTable> Tables => _tables.ToImmutableEquatableArray();

    /// <summary>
    /// How a step addresses a placement: a run of consecutive planes is just a narrower slice of the arena (no table);
    /// anything else is the whole buffer read or written through a plane table (null when it is the identity).
    /// </summary>
    public (Func<Region> Region, string? Table) Operand(ChannelPlacement placement)
    {
        int first = placement.Planes.Length == 0 ? 0 : placement.Planes[0];
        bool run = true;
        for (int k = 0; k < placement.Planes.Length; k++)
        {
            if (placement.Planes[k] != first + k) { run = false; break; }
        }
        PlaneBuffer buffer = placement.Buffer;
        if (run && (first == 0 || (buffer != _placer.Input && buffer != _placer.Output)))
        {
            int length = placement.Planes.Length * buffer.Pixels;
            return (() => SubRegion(buffer, first * buffer.Pixels, length), null);
        }
        return (() => _placer.RegionOf(buffer), placement.IsIdentity ? null : Table(placement));
    }

    private Region SubRegion(PlaneBuffer buffer, int start, int length)
    {
        Region whole = _placer.RegionOf(buffer);
        return whole with { Offset = whole.Offset + start, Length = length };
    }

    private string Table(ChannelPlacement placement)
    {
        string key = string.Join(",", placement.Planes.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        if (!_names.TryGetValue(key, out string? name))
        {
            name = "Planes" + _tables.Count.ToString(CultureInfo.InvariantCulture);
            _names[key] = name;
            _tables.Add(new PlaneTable(name, placement.Planes.ToImmutableEquatableArray()));
        }
        return name;
    }
}
