using System.Collections.Generic;
using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Planning;

/// <summary>Where each layer's folded, packed weights go in the one weight buffer, in the sizes its catalogue row packs.</summary>
internal sealed class WeightLayout
{
    private readonly List<WeightEntry> _entries = new();

    public int Floats { get; private set; }

    public ImmutableEquatableArray<WeightEntry> Entries => _entries.ToImmutableEquatableArray();

    /// <summary>Appends an entry (weights, then bias, each aligned) and returns its index.</summary>
    public int Add(KernelRow row, string weightKey, string? biasKey, string? batchNormPrefix, double epsilon,
        int outChannels, int inChannels, int groups, int group)
    {
        (int weightLength, int biasLength) = row.Packing!(outChannels, inChannels, biasKey is not null || batchNormPrefix is not null);
        int weightOffset = Floats;
        int biasOffset = ArenaAllocator.Align(weightOffset + weightLength);
        Floats = ArenaAllocator.Align(biasOffset + biasLength);
        _entries.Add(new WeightEntry(row.Name, weightKey, biasKey, batchNormPrefix, epsilon, outChannels, inChannels, groups, group,
            weightOffset, weightLength, biasOffset, biasLength));
        return _entries.Count - 1;
    }
}
