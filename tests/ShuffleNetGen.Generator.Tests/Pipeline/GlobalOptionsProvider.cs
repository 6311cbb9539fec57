using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ShuffleNetGen.Generator.Tests.Pipeline;

/// <summary>Build properties as the compiler sees them (<c>build_property.RootNamespace</c>), with no per-file options.</summary>
internal sealed class GlobalOptionsProvider : AnalyzerConfigOptionsProvider
{
    private static readonly DictionaryOptions NoOptions = new(new Dictionary<string, string>());

    public GlobalOptionsProvider(IReadOnlyDictionary<string, string> globalOptions) => GlobalOptions = new DictionaryOptions(globalOptions);

    /// <summary>The options MSBuild passes for a project with this RootNamespace (null: the property is absent).</summary>
    public static GlobalOptionsProvider ForRootNamespace(string? rootNamespace) => new(
        rootNamespace is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["build_property.RootNamespace"] = rootNamespace });

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => NoOptions;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => NoOptions;

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        private readonly IReadOnlyDictionary<string, string> _values;

        public DictionaryOptions(IReadOnlyDictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);

        public override IEnumerable<string> Keys => _values.Keys;
    }
}
