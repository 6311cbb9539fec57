using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace ShuffleNetGen.Package.Tests;

/// <summary>The .nupkg holds what DESIGN.md contract 6 lists (and its license and user readme), and the pack produces nothing else.</summary>
[Collection(PackedPackageCollection.Name)]
public sealed class PackageLayoutTests(PackedPackageFixture package)
{
    [Fact]
    public void Packing_produces_only_the_ShuffleNetGen_package()
    {
        string[] packages = Directory.GetFiles(package.FeedDirectory, "*.nupkg").Select(f => Path.GetFileName(f)).ToArray();
        Assert.Equal([Path.GetFileName(package.PackagePath)], packages);
    }

    [Theory]
    [InlineData("lib/net10.0/ShuffleNetGen.Runtime.dll")]
    [InlineData("lib/net10.0/ShuffleNetGen.Runtime.xml")]
    [InlineData("analyzers/dotnet/cs/ShuffleNetGen.Generator.dll")]
    [InlineData("analyzers/dotnet/cs/YamlDotNet.dll")]
    [InlineData("build/net10.0/ShuffleNetGen.props")]
    [InlineData("buildTransitive/net10.0/ShuffleNetGen.props")]
    [InlineData("README.md")]
    [InlineData("LICENSE")]
    public void Package_contains(string entry)
    {
        using ZipArchive zip = ZipFile.OpenRead(package.PackagePath);
        Assert.Contains(entry, zip.Entries.Select(e => e.FullName));
    }

    /// <summary>
    /// A file straight under build/ or buildTransitive/ applies to every framework, so NuGet would restore the package into a
    /// net8.0 project, whose build then fails in the generated code; under net10.0/ NuGet reports NU1202 instead.
    /// </summary>
    [Fact]
    public void Build_props_are_for_net10_0_only()
    {
        using ZipArchive zip = ZipFile.OpenRead(package.PackagePath);
        string[] buildFiles = zip.Entries.Select(e => e.FullName)
            .Where(n => n.StartsWith("build/", StringComparison.Ordinal) || n.StartsWith("buildTransitive/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["build/net10.0/ShuffleNetGen.props", "buildTransitive/net10.0/ShuffleNetGen.props"], buildFiles);
    }

    [Fact]
    public void Readme_is_the_short_user_guide_and_the_license_is_MIT()
    {
        string readme = ReadEntry("README.md");
        Assert.Equal(File.ReadAllText(Path.Combine(package.RepositoryRoot, "runtime", "PACKAGE.md")), readme);
        Assert.True(readme.Length < 8_000, $"The package readme has {readme.Length} characters: it is meant to be a short guide for users.");
        Assert.Contains("net10.0", readme);
        Assert.Equal(File.ReadAllText(Path.Combine(package.RepositoryRoot, "LICENSE")), ReadEntry("LICENSE"));
        Assert.StartsWith("MIT License", ReadEntry("LICENSE"));

        XElement metadata = Metadata();
        XElement license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));
        XElement repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.True(Uri.TryCreate((string?)repository.Attribute("url"), UriKind.Absolute, out _), repository.ToString());
    }

    [Fact]
    public void Only_the_runtime_is_a_library_and_only_the_generator_and_its_parser_are_analyzers()
    {
        using ZipArchive zip = ZipFile.OpenRead(package.PackagePath);
        string[] assemblies = zip.Entries.Select(e => e.FullName)
            .Where(n => n.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            ["analyzers/dotnet/cs/ShuffleNetGen.Generator.dll", "analyzers/dotnet/cs/YamlDotNet.dll", "lib/net10.0/ShuffleNetGen.Runtime.dll"],
            assemblies);
    }

    [Fact]
    public void Nuspec_declares_no_dependency_on_the_generator_s_build_time_packages()
    {
        XElement metadata = Metadata();
        string[] dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => (string)e.Attribute("id")!).ToArray();
        Assert.DoesNotContain(dependencies, id => id.StartsWith("YamlDotNet", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(dependencies, id => id.StartsWith("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(PackedPackageFixture.PackageId, metadata.Elements().Single(e => e.Name.LocalName == "id").Value);
        Assert.Equal(package.Version, metadata.Elements().Single(e => e.Name.LocalName == "version").Value);
        Assert.Equal("README.md", metadata.Elements().Single(e => e.Name.LocalName == "readme").Value);
    }

    private XElement Metadata() =>
        XDocument.Parse(ReadEntry(PackedPackageFixture.PackageId + ".nuspec")).Root!.Elements().Single(e => e.Name.LocalName == "metadata");

    private string ReadEntry(string name)
    {
        using ZipArchive zip = ZipFile.OpenRead(package.PackagePath);
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}
