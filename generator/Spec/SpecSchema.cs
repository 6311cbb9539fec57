namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// The keys, choices and limits of a <c>*.model.yaml</c> spec. Keys are snake_case; an unknown key is an error.
/// <code>
/// # ShuffleNet V2 1.0x, as torchvision.models.shufflenet_v2_x1_0
/// name: ShuffleNetV2X1_0          # required: the generated class name (C# identifier, not a keyword; '@' not allowed)
/// namespace: MyApp.Models         # optional: dotted C# identifiers; default = the project's RootNamespace
/// family: shufflenet_v2           # required: shufflenet_v2 | shufflenet_v1
/// input: { channels: 3, height: 224, width: 224 }   # required; height and width 1..4096, channels 1..64
/// classes: 1000                   # required, 1..100000
/// width_scale: 1.0                # optional (default 1.0), > 0 and &lt;= 8; multiplies stage channels (lowering rounds)
/// stem: { channels: 24 }          # required; 1..8192
/// stages:                         # required, 1..8 rows
///   - { repeats: 4, channels: 116 }   # repeats 1..64, channels 1..16384
///   - { repeats: 8, channels: 232 }
///   - { repeats: 4, channels: 464 }
/// head: { channels: 1024 }        # V2: required (conv5), 1..16384; V1: must be absent
/// groups: 3                       # V1 only (required there, 1..64); V2: absent or 1
/// shuffle_order: megvii           # V1: paper | megvii (default paper); V2: absent or paper (torchvision's order)
/// weights: torchvision            # optional naming scheme: torchvision (default for V2) | megvii (default for V1)
/// classifier_bias: false          # optional; default true for V2, false for V1 (megvii's classifier has bias=False)
/// </code>
/// Integers are plain decimal YAML integers (not quoted, no 3.5, no 0x10); width_scale is a plain YAML number;
/// classifier_bias is a plain true/false. Anchors and aliases are allowed; tags are ignored.
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
    public const string Stem = "stem";
    public const string Stages = "stages";
    public const string Head = "head";
    public const string Groups = "groups";
    public const string ShuffleOrder = "shuffle_order";
    public const string Weights = "weights";
    public const string ClassifierBias = "classifier_bias";
    public const string Channels = "channels";
    public const string Height = "height";
    public const string Width = "width";
    public const string Repeats = "repeats";

    public static readonly string[] TopLevelKeys =
    {
        Name, Namespace, Family, Input, Classes, WidthScale, Stem, Stages, Head, Groups, ShuffleOrder, Weights, ClassifierBias,
    };
    public static readonly string[] InputKeys = { Channels, Height, Width };
    public static readonly string[] ChannelsKeys = { Channels };
    public static readonly string[] StageKeys = { Repeats, Channels };

    public static readonly IntRange InputChannelsRange = new(1, 64);
    public static readonly IntRange InputSizeRange = new(1, 4096);
    public static readonly IntRange ClassesRange = new(1, 100000);
    public static readonly IntRange StemChannelsRange = new(1, 8192);
    public static readonly IntRange StageCountRange = new(1, 8);
    public static readonly IntRange RepeatsRange = new(1, 64);
    public static readonly IntRange StageChannelsRange = new(1, 16384);
    public static readonly IntRange HeadChannelsRange = new(1, 16384);
    public static readonly IntRange GroupsRange = new(1, 64);
    public const double MaxWidthScale = 8.0;

    public static readonly Choice<ModelFamily>[] Families =
    {
        new("shufflenet_v2", ModelFamily.ShuffleNetV2),
        new("shufflenet_v1", ModelFamily.ShuffleNetV1),
    };
    public static readonly Choice<WeightNaming>[] WeightNamings =
    {
        new("torchvision", WeightNaming.Torchvision),
        new("megvii", WeightNaming.Megvii),
    };
    public static readonly Choice<Spec.ShuffleOrder>[] ShuffleOrders =
    {
        new("paper", Spec.ShuffleOrder.Paper),
        new("megvii", Spec.ShuffleOrder.Megvii),
    };

    /// <summary>How the family is written in a spec (for messages).</summary>
    public static string FamilyName(ModelFamily family) =>
        family == ModelFamily.ShuffleNetV2 ? "shufflenet_v2" : "shufflenet_v1";
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
