using Xunit;

namespace ShuffleNetGen.Generator.Tests.Fuzz;

/// <summary>The fuzz test runs alone, so its CPU-time budget measures only its own work.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FuzzCollection
{
    public const string Name = "Fuzz";
}
