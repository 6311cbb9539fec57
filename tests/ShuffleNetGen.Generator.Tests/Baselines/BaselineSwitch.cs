using System;
using System.Linq;
using System.Reflection;

namespace ShuffleNetGen.Generator.Tests.Baselines;

/// <summary>
/// Whether baselines are rewritten instead of compared: <c>dotnet test -p:UpdateBaselines=true</c> (baked into the test
/// assembly as AssemblyMetadata by the csproj) or the environment variable <c>SNG_UPDATE_BASELINES=1</c>.
/// </summary>
internal static class BaselineSwitch
{
    public const string EnvironmentVariable = "SNG_UPDATE_BASELINES";

    public static bool Update { get; } = FromMsBuild() || Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    private static bool FromMsBuild() =>
        typeof(BaselineSwitch).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Any(a => a.Key == "UpdateBaselines" && string.Equals(a.Value, "true", StringComparison.OrdinalIgnoreCase));
}
