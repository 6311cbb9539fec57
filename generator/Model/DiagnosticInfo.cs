using Microsoft.CodeAnalysis;

namespace ShuffleNetGen.Generator.Model;

/// <summary>
/// A diagnostic as an equatable value: the descriptor's id, where, and the message arguments.
/// Turned into a Roslyn <see cref="Diagnostic"/> only at the output stage.
/// </summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo Location, ImmutableEquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo location, params string[] messageArgs) =>
        new(descriptor.Id, location, messageArgs.ToImmutableEquatableArray());

    public Diagnostic ToDiagnostic()
    {
        DiagnosticDescriptor descriptor = DiagnosticDescriptors.ById(Id);
        object[] args = new object[MessageArgs.Count];
        for (int i = 0; i < args.Length; i++) args[i] = MessageArgs[i];
        return Diagnostic.Create(descriptor, Location.ToLocation(), args);
    }
}
