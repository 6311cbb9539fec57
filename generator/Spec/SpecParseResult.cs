using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// What parsing one spec file produced: the spec (null when any error was found), every diagnostic, and the class's
/// shell when the spec failed but its name was read (null otherwise).
/// </summary>
internal sealed record SpecParseResult(ModelSpec? Spec, ImmutableEquatableArray<DiagnosticInfo> Diagnostics, ModelShell? Shell = null);
