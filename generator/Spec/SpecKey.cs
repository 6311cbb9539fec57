using System;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// A key a family's spec may carry beyond the common ones: its name, how its value is read and checked, and an example
/// for messages. The same key object in two families means the same thing in both.
/// </summary>
internal abstract class SpecKey
{
    protected SpecKey(string name, string example)
    {
        Name = name;
        Example = example;
    }

    public string Name { get; }

    /// <summary>The key written with a typical value, as a missing-key message suggests it: <c>head: { channels: 1024 }</c>.</summary>
    public string Example { get; }

    /// <summary>The value at <paramref name="node"/>, or null after reporting why it is not one.</summary>
    public abstract object? Read(SpecReadContext context, SpecNode node);

    /// <summary>A whole number in <paramref name="range"/>.</summary>
    public static SpecKey<int> Int(string name, IntRange range, string example) =>
        new(name, example, (context, node) => ScalarReader.ReadInt(context, node, name, range));

    /// <summary>A <c>{ channels: n }</c> mapping (a stem or head conv), n in <paramref name="range"/>.</summary>
    public static SpecKey<int> Channels(string name, IntRange range, int example)
    {
        string exampleText = SpecSchema.Channels + ": " + example.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new(name, name + ": { " + exampleText + " }", (context, node) =>
        {
            MappingReader? mapping = MappingReader.Open(context, node, name, SpecSchema.ChannelsKeys);
            SpecNode? channels = mapping?.Required(SpecSchema.Channels, exampleText);
            return channels is null ? null : ScalarReader.ReadInt(context, channels, mapping!.Child(SpecSchema.Channels), range);
        });
    }

    public static SpecKey<bool> Bool(string name, string example) =>
        new(name, example, (context, node) => ScalarReader.ReadBool(context, node, name));

    /// <summary>One of the spelled-out choices.</summary>
    public static SpecKey<T> Choice<T>(string name, string example, params Choice<T>[] choices)
        where T : notnull =>
        new(name, example, (context, node) =>
        {
            Choice<T>? choice = ScalarReader.ReadChoice(context, node, name, choices);
            return choice is null ? null : choice.Value;
        });
}

/// <summary>A key whose value is a <typeparamref name="T"/> (boxed in <see cref="SpecSetting"/>).</summary>
internal sealed class SpecKey<T> : SpecKey
    where T : notnull
{
    private readonly Func<SpecReadContext, SpecNode, object?> _read;

    public SpecKey(string name, string example, Func<SpecReadContext, SpecNode, object?> read)
        : base(name, example) => _read = read;

    public override object? Read(SpecReadContext context, SpecNode node) => _read(context, node);
}
