namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// The keys every spec has, and the limits of a <c>*.model.yaml</c>; each family adds its own keys and stage-row schema
/// (<see cref="FamilyRegistry"/>). Keys are snake_case; an unknown key is an error.
/// <code>
/// # ShuffleNet V2 1.0x, as torchvision.models.shufflenet_v2_x1_0
/// name: ShuffleNetV2X1_0          # required: the generated class name (C# identifier, not a keyword; '@' not allowed)
/// namespace: MyApp.Models         # optional: dotted C# identifiers; default = the project's RootNamespace
/// family: shufflenet_v2           # required: a FamilyRegistry entry's name
/// input: { channels: 3, height: 224, width: 224 }   # required; height and width 1..4096, channels 1..64
/// classes: 1000                   # required, 1..100000
/// width_scale: 1.0                # optional (default 1.0), > 0 and &lt;= 8; multiplies channels (the family rounds)
/// stages:                         # required, rows in the family's schema (ShuffleNet: repeats 1..64, channels 1..16384)
///   - { repeats: 4, channels: 116 }
///   - { repeats: 8, channels: 232 }
///   - { repeats: 4, channels: 464 }
/// stem: { channels: 24 }          # family keys (SpecKeys): stem, head, groups, shuffle_order, weights, classifier_bias
/// head: { channels: 1024 }
/// preprocess: { resize: 256 }     # optional: resize, interpolation, channel_order, scale, mean, std (defaults: the family's)
/// labels: imagenet1k              # optional: imagenet1k or a labels file among AdditionalFiles (default: imagenet1k for 1000 classes)
/// features: [stage2, stage3]      # optional: stage outputs PredictFeatures writes (names: the family's lowering)
/// guidelines: { g2: false }      # optional: turn a guideline warning off (g1..g4, default true)
/// </code>
/// Integers are plain decimal YAML integers (not quoted, no 3.5, no 0x10); width_scale is a plain YAML number;
/// booleans are a plain true/false. Anchors and aliases are allowed; tags are ignored.
/// </summary>
internal static class SpecSchema
{
    /// <summary>Specs are a few hundred bytes; anything past this is not a spec and is rejected before parsing.</summary>
    public const int MaxFileChars = 1024 * 1024;
    /// <summary>The schema nests three levels deep; this bound keeps hostile inputs from exhausting the stack.</summary>
    public const int MaxDepth = 64;

    public const string Name = "name";
    public const string Namespace = "namespace";
    public const string Family = "family";
    public const string Input = "input";
    public const string Classes = "classes";
    public const string WidthScale = "width_scale";
    public const string Stages = "stages";
    /// <summary>Optional mapping of booleans turning ShuffleNet V2's guideline warnings (SNG0040–SNG0043) off.</summary>
    public const string Guidelines = Generator.Guidelines.GuidelineSwitches.Key;
    public const string Channels = "channels";
    public const string Height = "height";
    public const string Width = "width";

    /// <summary>The keys of every spec, whatever its family, in the order messages list them.</summary>
    public static readonly string[] CommonKeys = { Name, Namespace, Family, Input, Classes, WidthScale, Stages, Guidelines };

    /// <summary>The keys of every spec about images and what comes out besides logits; messages list them after the family's.</summary>
    public static readonly string[] ImageKeys = { PreprocessKeys.Block, ImageKeysReader.Labels, ImageKeysReader.Features };
    public static readonly string[] InputKeys = { Channels, Height, Width };
    public static readonly string[] ChannelsKeys = { Channels };

    public static readonly IntRange InputChannelsRange = new(1, 64);
    public static readonly IntRange InputSizeRange = new(1, 4096);
    public static readonly IntRange ClassesRange = new(1, 100000);
    public const double MaxWidthScale = 8.0;

    /// <summary>A missing common key's example value, as its message suggests it.</summary>
    public static string Example(string key) => key switch
    {
        Name => "name: MyNet",
        Family => "family: shufflenet_v2",
        Input => "input: { channels: 3, height: 224, width: 224 }",
        Classes => "classes: 1000",
        Channels => "channels: 3",
        Height => "height: 224",
        Width => "width: 224",
        _ => key + ": …",
    };
}

/// <summary>An inclusive range of allowed integers.</summary>
internal readonly record struct IntRange(int Min, int Max)
{
    public bool Contains(long value) => value >= Min && value <= Max;

    public string Describe() =>
        "from " + Min.ToString(System.Globalization.CultureInfo.InvariantCulture) +
        " to " + Max.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One allowed spelling of an enumerated value.</summary>
internal sealed record Choice<T>(string Text, T Value);
