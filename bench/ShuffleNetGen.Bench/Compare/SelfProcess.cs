using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Reflection;

namespace ShuffleNetGen.Bench.Compare;

/// <summary>Starts this bench again as a child process with other arguments (cold starts, the narrowed-ISA rerun).</summary>
internal static class SelfProcess
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("The bench's own executable path is unknown."))
        {
            UseShellExecute = false,
        };
        // Run as `dotnet ShuffleNetGen.Bench.dll`, the process path is the host: hand it the assembly again.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet") start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        return start;
    }
}
