using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace QuickStart;

/// <summary>What the timings ran on, for the line printed beside them.</summary>
internal static class Machine
{
    /// <summary>The CPU's model name from /proc/cpuinfo (Linux), else the process architecture.</summary>
    public static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        try
        {
            string? line = File.Exists(cpuinfo)
                ? File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                : null;
            if (line is not null && line.IndexOf(':') is int colon and >= 0)
            {
                return line[(colon + 1)..].Trim();
            }
        }
        catch (IOException)
        {
            // Unreadable (a sandbox): the architecture below still says something.
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
