using System;
using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>One family key's value as read (or defaulted): <c>groups</c> = 3.</summary>
internal sealed record SpecSetting(string Key, object Value);

/// <summary>
/// The family's part of a spec: which family, the width scale, the stage table in the family's row schema and the family's
/// own keys. The family's checks and lowering read only this (and the input size), so the checks can run while other keys
/// of the spec are wrong.
/// </summary>
internal sealed record FamilySpec
{
    /// <summary>A registry entry: compared by reference, as every entry is one static instance.</summary>
    public required ModelFamily Family { get; init; }
    /// <summary>Multiplies the channels; the family's rounding rule (<see cref="ModelFamily.ScaleChannels"/>) rounds the product.</summary>
    public double WidthScale { get; init; } = 1.0;
    public required ImmutableEquatableArray<StageRow> Stages { get; init; }
    /// <summary>Every key of the family, defaults applied, in the family's key order.</summary>
    public required ImmutableEquatableArray<SpecSetting> Settings { get; init; }

    public T Get<T>(SpecKey<T> key)
        where T : notnull
    {
        foreach (SpecSetting setting in Settings)
        {
            if (setting.Key == key.Name) return (T)setting.Value;
        }
        throw new InvalidOperationException($"The {Family.Name} spec has no value for '{key.Name}'.");
    }

    /// <summary>Whose state_dict names the weights file uses (<see cref="SpecKeys.Weights"/>, a key of every family).</summary>
    public string Weights
    {
        get
        {
            foreach (SpecSetting setting in Settings)
            {
                if (setting.Key == SpecKeys.WeightsName) return (string)setting.Value;
            }
            throw new InvalidOperationException($"The {Family.Name} spec has no '{SpecKeys.WeightsName}'.");
        }
    }

    /// <summary>A spec built in code: the stage table, and every optional key at its default (required ones follow by <see cref="With"/>).</summary>
    public static FamilySpec Create(ModelFamily family, params StageRow[] stages)
    {
        var settings = new FamilySettings();
        foreach (KeyRule rule in family.Keys)
        {
            if (rule.Default is not null) settings.Add(rule.Key.Name, rule.Default(settings));
        }
        return new FamilySpec { Family = family, Stages = stages.ToImmutableEquatableArray(), Settings = settings.All.ToImmutableEquatableArray() };
    }

    /// <summary>This spec with <paramref name="key"/> set, kept in the family's key order so equal specs compare equal.</summary>
    public FamilySpec With<T>(SpecKey<T> key, T value)
        where T : notnull
    {
        int order = KeyOrder(key.Name);
        if (order < 0) throw new ArgumentException($"'{key.Name}' is not a key {Family.Name} stores.", nameof(key));
        var settings = new System.Collections.Generic.List<SpecSetting>();
        foreach (SpecSetting setting in Settings)
        {
            if (setting.Key != key.Name) settings.Add(setting);
        }
        int at = settings.FindIndex(s => KeyOrder(s.Key) > order);
        settings.Insert(at < 0 ? settings.Count : at, new SpecSetting(key.Name, value));
        return this with { Settings = settings.ToImmutableEquatableArray() };
    }

    private int KeyOrder(string key)
    {
        for (int i = 0; i < Family.Keys.Count; i++)
        {
            if (Family.Keys[i].Key.Name == key && Family.Keys[i].Presence != KeyPresence.Fixed) return i;
        }
        return -1;
    }

    /// <summary>A stage's channels as the family scales them.</summary>
    public int ScaleChannels(int channels) => Family.ScaleChannels(this, channels);
}
