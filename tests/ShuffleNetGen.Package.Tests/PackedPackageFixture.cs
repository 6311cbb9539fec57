using System;
using System.Globalization;
using System.IO;
using Xunit;

namespace ShuffleNetGen.Package.Tests;

/// <summary>
/// Packs the repository once per test run with the README's command (<c>dotnet pack runtime -c Release -o dir</c>), under
/// a version no earlier run used, into a temporary folder that the consumer projects use as their package source.
/// </summary>
public sealed class PackedPackageFixture : IDisposable
{
    public const string PackageId = "ShuffleNetGen";

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(4);

    public PackedPackageFixture()
    {
        RepositoryRoot = FindRepositoryRoot();
        Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        WorkDirectory = Path.Combine(Path.GetTempPath(), "shufflenetgen-package-tests", Guid.NewGuid().ToString("N"));
        FeedDirectory = Path.Combine(WorkDirectory, "feed");
        Directory.CreateDirectory(FeedDirectory);

        try
        {
            CommandResult pack = DotnetCommand.Run(RepositoryRoot, PackTimeout,
                "pack", Path.Combine(RepositoryRoot, "runtime"), "-c", "Release", "-o", FeedDirectory,
                "-p:Version=" + Version, "-nodeReuse:false");
            if (pack.ExitCode != 0)
            {
                throw new InvalidOperationException("dotnet pack failed: " + pack.Describe());
            }
        }
        catch
        {
            // xUnit does not dispose a fixture whose constructor threw.
            Dispose();
            throw;
        }
    }

    /// <summary>The checkout that is packed: the folder holding <c>ShuffleNetGen.sln</c>.</summary>
    public string RepositoryRoot { get; }

    /// <summary>The version the package was packed under.</summary>
    public string Version { get; }

    /// <summary>The temporary folder of this run; deleted at the end.</summary>
    public string WorkDirectory { get; }

    /// <summary>The <c>-o</c> folder of <c>dotnet pack</c>, a local package source for the consumers.</summary>
    public string FeedDirectory { get; }

    /// <summary>The one package the pack is expected to produce.</summary>
    public string PackagePath => Path.Combine(FeedDirectory, $"{PackageId}.{Version}.nupkg");

    /// <summary>A canonical spec from the repository's <c>specs/</c> folder.</summary>
    public string SpecPath(string fileName) => Path.Combine(RepositoryRoot, "specs", fileName);

    public void Dispose()
    {
        Directory.Delete(WorkDirectory, recursive: true);
    }

    private static string FindRepositoryRoot() => global::ShuffleNetGen.Onnx.Ort.RepositoryRoot.Find();
}

/// <summary>Every test that needs the packed package shares one pack and runs one at a time (two cores, one CLI).</summary>
[CollectionDefinition(Name)]
public sealed class PackedPackageCollection : ICollectionFixture<PackedPackageFixture>
{
    public const string Name = "Packed ShuffleNetGen package";
}
