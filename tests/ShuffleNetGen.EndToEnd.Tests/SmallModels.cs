using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>
/// The trait on the rows that run the 0.5x models: the subset test.sh runs again under each narrower SIMD path and .ci/run
/// runs as Arm64 code under qemu (<c>--filter Models=small</c> with dotnet test, <c>-trait Models=small</c> for the executable).
/// </summary>
internal static class SmallModels
{
    public const string Trait = "Models";

    public const string Value = "small";

    /// <summary>True for the 0.5x models (V2 and every V1 group count, either shuffle order): about 40 M multiply-adds each.</summary>
    public static bool IsSmall(string name) => name.Contains("_x0_5", StringComparison.Ordinal);

    /// <summary>One theory row per model, the small ones carrying the trait.</summary>
    public static IEnumerable<TheoryDataRow<string>> Rows(IEnumerable<string> names) =>
        names.Select(name => IsSmall(name) ? new TheoryDataRow<string>(name).WithTrait(Trait, Value) : new TheoryDataRow<string>(name));
}
