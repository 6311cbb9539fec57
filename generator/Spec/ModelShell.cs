using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// What a spec with errors still says about its class: the name (when it is a valid one), the namespace and the sizes
/// (0 where they could not be read). The generator emits the class's public surface from it, so the user's code that
/// names the class reports only the spec's SNG errors, not CS0103.
/// </summary>
internal sealed record ModelShell(
    string ClassName, string? Namespace, int InputChannels, int InputHeight, int InputWidth, int Classes, string FilePath, LocationInfo NameLocation)
{
    public static ModelShell Of(ModelSpec spec) => new(spec.Name, spec.Namespace, spec.InputChannels, spec.InputHeight, spec.InputWidth,
        spec.Classes, spec.FilePath, spec.Locate(SpecSchema.Name));
}
