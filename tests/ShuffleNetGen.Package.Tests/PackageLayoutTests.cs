using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace ShuffleNetGen.Package.Tests;

/// <summary>The .nupkg holds what DESIGN.md contract 6 lists, and the pack of the solution produces nothing else.</summary>
[Collection(PackedPackageCollection.Name)]
public sealed class PackageLayoutTests(PackedPackageFixture package)
{
    [Fact]
    public void Packing_the_solution_produces_only_the_ShuffleNetGen_package()
    {
        string[] packages = Directory.GetFiles(package.FeedDirectory, "*.nupkg").Select(f => Path.GetFileName(f)).ToArray();
        Assert.Equal([Path.GetFileName(package.PackagePath)], packages);
    }

    [Theory]
    [InlineData("lib/net10.0/ShuffleNetGen.Runtime.dll")]
    [InlineData("lib/net10.0/ShuffleNetGen.Runtime.xml")]
    [InlineData("analyzers/dotnet/cs/ShuffleNetGen.Generator.dll")]
    [InlineData("analyzers/dotnet/cs/YamlDotNet.dll")]
    [InlineData("build/ShuffleNetGen.props")]
    [InlineData("buildTransitive/ShuffleNetGen.props")]
    [InlineData("README.md")]
    public void Package_contains(string entry)
    {
        using ZipArchive zip = ZipFile.OpenRead(package.PackagePath);
        Assert.Contains(entry, zip.Entries.Select(e => e.FullName));
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
        XElement metadata = ReadNuspec().Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string[] dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => (string)e.Attribute("id")!).ToArray();
        Assert.DoesNotContain(dependencies, id => id.StartsWith("YamlDotNet", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(dependencies, id => id.StartsWith("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(PackedPackageFixture.PackageId, metadata.Elements().Single(e => e.Name.LocalName == "id").Value);
        Assert.Equal(package.Version, metadata.Elements().Single(e => e.Name.LocalName == "version").Value);
        Assert.Equal("README.md", metadata.Elements().Single(e => e.Name.LocalName == "readme").Value);
    }

    private XDocument ReadNuspec()
    {
        using ZipArchive zip = ZipFile.OpenRead(package.PackagePath);
        using Stream nuspec = zip.GetEntry(PackedPackageFixture.PackageId + ".nuspec")!.Open();
        return XDocument.Load(nuspec);
    }
}
