using System.IO;
using Xunit;
using Xunit.Sdk;

namespace ShuffleNetGen.Generator.Tests.Baselines;

/// <summary>
/// Emitted code against <c>Baselines/{TestName}/{HintName}.cs.txt</c> in the source tree (System.Text.Json's generator-test
/// habit), compared as text with line endings normalised; a mismatch fails with a unified diff. With
/// <see cref="BaselineSwitch.Update"/> the baseline is rewritten instead.
/// </summary>
internal static class BaselineAssert
{
    public static string FolderOf(string testName) =>
        RepositoryFiles.PathOf(Path.Combine("tests", "ShuffleNetGen.Generator.Tests", "Baselines", testName));

    public static void Matches(string testName, string hintName, string actualSource)
    {
        string path = Path.Combine(FolderOf(testName), hintName + ".txt");
        string actual = Normalize(actualSource);
        if (BaselineSwitch.Update)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"No baseline {path}; create it with `dotnet test -p:UpdateBaselines=true` or {BaselineSwitch.EnvironmentVariable}=1.");
        string expected = Normalize(File.ReadAllText(path));
        if (expected == actual) return;
        throw new XunitException(
            $"Generated {hintName} differs from its baseline. If the change is intended, regenerate with " +
            $"`dotnet test tests/ShuffleNetGen.Generator.Tests -p:UpdateBaselines=true` (or {BaselineSwitch.EnvironmentVariable}=1) and review the diff." +
            "\n" + UnifiedDiff.Create(expected, actual, "baseline/" + testName + "/" + hintName + ".txt", "generated/" + hintName));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');
}
