using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Spec;

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

/// <summary>
/// What the user wrote in a <c>*.model.yaml</c>, validated for types and ranges, with the location of every key: the keys
/// every family has (name, input, classes) and the family's own part (<see cref="Architecture"/>).
/// Pure value: equal specs produce equal generated code.
/// </summary>
internal sealed record ModelSpec
{
    /// <summary>The generated class name (a C# identifier).</summary>
    public required string Name { get; init; }
    /// <summary>The generated class's namespace; null means the project's RootNamespace (or the global namespace).</summary>
    public string? Namespace { get; init; }
    public required int InputChannels { get; init; }
    public required int InputHeight { get; init; }
    public required int InputWidth { get; init; }
    public required int Classes { get; init; }
    /// <summary>The family, its width scale, stage table and family keys: what the family's lowering reads.</summary>
    public required FamilySpec Architecture { get; init; }
    /// <summary>How images become the input (the spec's <c>preprocess:</c> over the family's defaults); null when the input is not 3 channels.</summary>
    public PreprocessSpec? Preprocess { get; init; }
    /// <summary><c>labels:</c> as written: <c>imagenet1k</c>, a labels file's path relative to the spec, or null (the default for the class count).</summary>
    public string? Labels { get; init; }
    /// <summary>The stage outputs <c>PredictFeatures</c> writes, in the spec's order (<c>features:</c>).</summary>
    public ImmutableEquatableArray<string> Features { get; init; } = ImmutableEquatableArray<string>.Empty;
    /// <summary>Which guideline warnings the build checks (<c>guidelines:</c>; all by default).</summary>
    public Guidelines.GuidelineSwitches Guidelines { get; init; } = Generator.Guidelines.GuidelineSwitches.AllOn;
    /// <summary>The spec file's path, as the compiler knows it.</summary>
    public required string FilePath { get; init; }
    /// <summary>Every key's location, for diagnostics raised after parsing.</summary>
    public required ImmutableEquatableArray<KeyLocation> Locations { get; init; }

    public ModelFamily Family => Architecture.Family;
    public double WidthScale => Architecture.WidthScale;
    public ImmutableEquatableArray<StageRow> Stages => Architecture.Stages;
    public string Weights => Architecture.Weights;

    /// <summary>A family key's value (defaults applied); the reader guarantees every key of the family is present.</summary>
    public T Get<T>(SpecKey<T> key)
        where T : notnull => Architecture.Get(key);

    /// <summary>The location of a key path, or of its nearest written parent, or the file start.</summary>
    public LocationInfo Locate(string path) => KeyLocation.Find(Locations, path, FilePath);
}
