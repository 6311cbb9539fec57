using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>What parsing one spec file produced: the spec (null when any error was found) and every diagnostic.</summary>
internal sealed record SpecParseResult(ModelSpec? Spec, ImmutableEquatableArray<DiagnosticInfo> Diagnostics);
