using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace ShuffleNetGen.Package.Tests;

/// <summary>
/// A fresh console project outside the repository that references the packed package exactly as the README tells a
/// user to: one <c>PackageReference</c>, spec files dropped into the folder, nothing else in the csproj but the properties a
/// test adds as the README would have the user write them (NativeAOT's, say).
/// </summary>
public sealed class ConsumerProject
{
    public const string AssemblyName = "PackageConsumer";

    /// <summary>Differs from the assembly name, so the tests see that generated classes follow <c>RootNamespace</c>.</summary>
    public const string RootNamespace = "Contoso.Vision";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    private ConsumerProject(string directory, string targetFramework)
    {
        Directory = directory;
        TargetFramework = targetFramework;
    }

    /// <summary>The project folder.</summary>
    public string Directory { get; }

    /// <summary>The project's <c>TargetFramework</c>.</summary>
    public string TargetFramework { get; }

    /// <summary>
    /// Writes the project into <c>WorkDirectory/name</c>: its own nuget.config (the pack folder + nuget.org) and its own
    /// <c>RestorePackagesPath</c>, since the global NuGet cache would keep serving an older package of the same version.
    /// </summary>
    public static ConsumerProject Create(PackedPackageFixture package, string name, string programFile, string targetFramework = "net10.0")
    {
        // An empty Directory.Build.props/.targets above the project stops MSBuild from importing any found higher up.
        File.WriteAllText(Path.Combine(package.WorkDirectory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(package.WorkDirectory, "Directory.Build.targets"), "<Project />\n");

        string directory = Path.Combine(package.WorkDirectory, name);
        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, AssemblyName + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>{targetFramework}</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <RootNamespace>{RootNamespace}</RootNamespace>
                <RestorePackagesPath>{Path.Combine(package.WorkDirectory, "packages")}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{PackedPackageFixture.PackageId}" Version="{package.Version}" />
              </ItemGroup>
            </Project>

            """);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="shufflenetgen-pack" value="{package.FeedDirectory}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            </configuration>

            """);
        string programs = Path.Combine(AppContext.BaseDirectory, "ConsumerPrograms");
        File.Copy(Path.Combine(programs, programFile), Path.Combine(directory, "Program.cs"));
        foreach (string shared in System.IO.Directory.GetFiles(Path.Combine(programs, "Shared"), "*.cs"))
        {
            File.Copy(shared, Path.Combine(directory, Path.GetFileName(shared)));
        }
        return new ConsumerProject(directory, targetFramework);
    }

    /// <summary>Writes a file (a spec, typically under <c>Models/</c>) at a path relative to the project folder.</summary>
    public string AddFile(string relativePath, string content)
    {
        string path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Adds properties to the csproj's property group, as a user would write them there.</summary>
    public void AddProperties(params (string Name, string Value)[] properties)
    {
        string path = Path.Combine(Directory, AssemblyName + ".csproj");
        XDocument project = XDocument.Load(path);
        XElement group = project.Root!.Elements("PropertyGroup").First();
        foreach ((string name, string value) in properties)
        {
            group.Add(new XElement(name, value));
        }

        project.Save(path);
    }

    /// <summary>The <c>bin</c> folder of a build for <paramref name="runtimeIdentifier"/>; its <c>publish</c> folder below holds what publishing made.</summary>
    public string OutputDirectory(string runtimeIdentifier) => Path.Combine(Directory, "bin", "Release", TargetFramework, runtimeIdentifier);

    /// <summary><c>dotnet publish -c Release -r rid</c>, restore included; what the csproj says decides how (NativeAOT, say).</summary>
    public CommandResult Publish(string runtimeIdentifier, TimeSpan timeout) =>
        DotnetCommand.Run(Directory, timeout, "publish", "-c", "Release", "-r", runtimeIdentifier, "-nodeReuse:false");

    /// <summary><c>dotnet build -c Release -warnaserror</c>, restore included.</summary>
    public CommandResult Build() =>
        DotnetCommand.Run(Directory, BuildTimeout, "build", "-c", "Release", "-warnaserror", "-nodeReuse:false");

    /// <summary>Runs the built program.</summary>
    public CommandResult Run() =>
        DotnetCommand.Run(Directory, RunTimeout, Path.Combine(Directory, "bin", "Release", TargetFramework, AssemblyName + ".dll"));
}
