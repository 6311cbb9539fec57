using System.Collections.Generic;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>The family keys read so far, in the family's key order: what a default may depend on.</summary>
internal sealed class FamilySettings
{
    private readonly List<SpecSetting> _settings = new();

    public IReadOnlyList<SpecSetting> All => _settings;

    public void Add(string key, object value) => _settings.Add(new SpecSetting(key, value));

    public bool TryGet<T>(SpecKey<T> key, out T value)
        where T : notnull
    {
        foreach (SpecSetting setting in _settings)
        {
            if (setting.Key == key.Name && setting.Value is T typed)
            {
                value = typed;
                return true;
            }
        }
        value = default!;
        return false;
    }
}
