using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>The architecture family a spec's stage table is lowered by (one file each in Lowering/).</summary>
internal enum ModelFamily
{
    ShuffleNetV2,
    ShuffleNetV1,
}

/// <summary>Whose state_dict key names the weights file uses.</summary>
internal enum WeightNaming
{
    /// <summary>torchvision/models/shufflenetv2.py.</summary>
    Torchvision,
    /// <summary>megvii-model/ShuffleNet-Series, ShuffleNetV1/network.py + blocks.py.</summary>
    Megvii,
}

/// <summary>
/// The order of a channel shuffle with g groups over c channels.
/// Paper (and torchvision): reshape to (g, c/g), transpose, flatten. Megvii's ShuffleNetV1: reshape to (c/g, g),
/// transpose, flatten — the inverse permutation.
/// </summary>
internal enum ShuffleOrder
{
    Paper,
    Megvii,
}

/// <summary>One row of a stage table: how many units, and the stage's output channels (before the width scale).</summary>
internal sealed record StageSpec(int Repeats, int Channels);

/// <summary>Where one key of the spec was written: a dotted path such as <c>stages[1].channels</c>.</summary>
internal sealed record KeyLocation(string Path, LocationInfo Location);

/// <summary>
/// What the user wrote in a <c>*.model.yaml</c>, validated for types and ranges, with the location of every key.
/// Pure value: equal specs produce equal generated code.
/// </summary>
internal sealed record ModelSpec
{
    /// <summary>The generated class name (a C# identifier).</summary>
    public required string Name { get; init; }
    /// <summary>The generated class's namespace; null means the project's RootNamespace (or the global namespace).</summary>
    public string? Namespace { get; init; }
    public required ModelFamily Family { get; init; }
    public required int InputChannels { get; init; }
    public required int InputHeight { get; init; }
    public required int InputWidth { get; init; }
    public required int Classes { get; init; }
    /// <summary>Multiplies every stage's channels; the family's lowering rounds the product (README, "width_scale").</summary>
    public double WidthScale { get; init; } = 1.0;
    /// <summary>Output channels of the stem's 3x3 stride-2 convolution.</summary>
    public required int StemChannels { get; init; }
    public required ImmutableEquatableArray<StageSpec> Stages { get; init; }
    /// <summary>V2's conv5 (1x1) channels before pooling; null where the family has no head conv (V1).</summary>
    public int? HeadChannels { get; init; }
    /// <summary>V1's group count for the pointwise convolutions; 1 elsewhere.</summary>
    public int Groups { get; init; } = 1;
    public ShuffleOrder ShuffleOrder { get; init; } = ShuffleOrder.Paper;
    public required WeightNaming Weights { get; init; }
    /// <summary>Whether the final linear layer has a bias (torchvision V2: yes; megvii V1: no).</summary>
    public bool ClassifierBias { get; init; } = true;
    /// <summary>The spec file's path, as the compiler knows it.</summary>
    public required string FilePath { get; init; }
    /// <summary>Every key's location, for diagnostics raised after parsing.</summary>
    public required ImmutableEquatableArray<KeyLocation> Locations { get; init; }

    /// <summary>The location of a key path, or of its nearest written parent, or the file start.</summary>
    public LocationInfo Locate(string path)
    {
        string current = path;
        while (true)
        {
            foreach (KeyLocation key in Locations)
            {
                if (key.Path == current) return key.Location;
            }
            int cut = System.Math.Max(current.LastIndexOf('.'), current.LastIndexOf('['));
            if (cut <= 0) return LocationInfo.FileStart(FilePath);
            current = current.Substring(0, cut);
        }
    }
}
