using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>Where a family's checks report: each diagnostic at the spec key path that causes it.</summary>
internal sealed class FamilyDiagnostics
{
    private readonly Func<string, LocationInfo> _locate;
    private readonly List<DiagnosticInfo> _found = new();

    public FamilyDiagnostics(Func<string, LocationInfo> locate) => _locate = locate;

    public IReadOnlyList<DiagnosticInfo> Found => _found;

    public void Report(DiagnosticDescriptor descriptor, string path, params string[] messageArgs) =>
        _found.Add(DiagnosticInfo.Create(descriptor, _locate(path), messageArgs));
}
