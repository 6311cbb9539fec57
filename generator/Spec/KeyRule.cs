using System;

namespace ShuffleNetGen.Generator.Spec;

internal enum KeyPresence
{
    /// <summary>The family cannot be built without it (SNG0003 when absent).</summary>
    Required,
    /// <summary>Absent means the rule's default.</summary>
    Optional,
    /// <summary>Accepted only at one value, which is what the family always does (SNG0015 for any other).</summary>
    Fixed,
}

/// <summary>How one family uses one <see cref="SpecKey"/>: required, optional with a default, or fixed at one value.</summary>
internal sealed class KeyRule
{
    private KeyRule(SpecKey key, KeyPresence presence, string reason, Func<FamilySettings, object>? defaultValue, object? fixedValue)
    {
        Key = key;
        Presence = presence;
        Reason = reason;
        Default = defaultValue;
        FixedValue = fixedValue;
    }

    public SpecKey Key { get; }
    public KeyPresence Presence { get; }

    /// <summary>Required: what the family needs the key for. Fixed: why no other value applies. Optional: empty.</summary>
    public string Reason { get; }

    /// <summary>The value when the key is absent, from the keys before it (shuffle_order follows weights); null unless optional.</summary>
    public Func<FamilySettings, object>? Default { get; }

    public object? FixedValue { get; }

    public static KeyRule Required(SpecKey key, string reason) => new(key, KeyPresence.Required, reason, null, null);

    public static KeyRule Optional<T>(SpecKey<T> key, T defaultValue)
        where T : notnull => new(key, KeyPresence.Optional, string.Empty, _ => defaultValue, null);

    /// <summary>An optional key whose default depends on keys listed before it in the family.</summary>
    public static KeyRule Optional<T>(SpecKey<T> key, Func<FamilySettings, T> defaultValue)
        where T : notnull => new(key, KeyPresence.Optional, string.Empty, settings => defaultValue(settings), null);

    public static KeyRule Fixed<T>(SpecKey<T> key, T value, string reason)
        where T : notnull => new(key, KeyPresence.Fixed, reason, null, value);
}
