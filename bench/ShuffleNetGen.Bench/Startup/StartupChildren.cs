using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using ShuffleNetGen.Onnx.Ort;

namespace ShuffleNetGen.Bench.Startup;

/// <summary>
/// The two builds of <c>bench/ShuffleNetGen.ColdStart</c> that <c>startup</c> starts: the plain build, run by the JIT through
/// its app host, and the NativeAOT publish for this machine's CPU (<c>IlcInstructionSet=native</c>).
/// </summary>
/// <param name="Jit">The app host of the framework-dependent build.</param>
/// <param name="NativeAot">The native executable.</param>
internal sealed record StartupChildren(string Jit, string NativeAot)
{
    private const string AssemblyName = "ShuffleNetGen.ColdStart";

    /// <summary>Builds both with the dotnet CLI (incremental: seconds once up to date; the first NativeAOT publish takes minutes on 2 cores).</summary>
    /// <exception cref="InvalidOperationException">A build failed; the message holds its output.</exception>
    public static StartupChildren Build()
    {
        string root = RepositoryRoot.Find();
        string project = Path.Combine(root, "bench", AssemblyName);
        string bin = Path.Combine(project, "bin", "Release");
        string nativeAot = Path.Combine(bin, "aot");
        Dotnet(root, ["build", project, "-c", "Release", "-nologo", "-v", "quiet"]);
        Dotnet(root, ["publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "-p:ColdStartNativeAot=true",
            "-o", nativeAot, "-nologo", "-v", "quiet"]);
        string executable = AssemblyName + (OperatingSystem.IsWindows() ? ".exe" : "");
        return new StartupChildren(Path.Combine(bin, "net10.0", executable), Path.Combine(nativeAot, executable));
    }

    private static void Dotnet(string workingDirectory, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        // Under `dotnet run`, MSBuild's variables would steer the child build to the parent's settings.
        foreach (string key in new List<string>(start.Environment.Keys))
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)) start.Environment.Remove(key);
        }

        using Process child = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var stderr = child.StandardError.ReadToEndAsync();
        string stdout = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"`dotnet {string.Join(' ', args)}` failed (exit {child.ExitCode}):\n{stdout}{stderr.Result}");
        }
    }
}
