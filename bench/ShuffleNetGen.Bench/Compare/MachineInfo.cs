using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using ShuffleNetGen.Onnx.Ort;

namespace ShuffleNetGen.Bench.Compare;

/// <summary>What the results table says about where it was measured.</summary>
internal static class MachineInfo
{
    /// <summary>The CPU model as <c>lscpu</c> reports it (from <c>/proc/cpuinfo</c>), or the architecture elsewhere.</summary>
    public static string Cpu()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (File.Exists(cpuInfo))
        {
            string? line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>The 1, 5 and 15-minute load averages from <c>/proc/loadavg</c> (what <c>uptime</c> prints), or "unknown".</summary>
    public static string LoadAverage()
    {
        const string loadAvg = "/proc/loadavg";
        if (!File.Exists(loadAvg)) return "unknown";
        string[] fields = File.ReadAllText(loadAvg).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(", ", fields.Take(3));
    }

    public static string Runtime() => RuntimeInformation.FrameworkDescription;

    /// <summary>The ONNX Runtime the comparison loads: the Microsoft.ML.OnnxRuntime package, in process.</summary>
    public static string OnnxRuntime() => $"ONNX Runtime {OrtSession.Version} (Microsoft.ML.OnnxRuntime, in process)";

    /// <summary>Whether the CPU itself has AVX-512F (<c>/proc/cpuinfo</c>'s flags), whatever the JIT was told to use.</summary>
    public static bool CpuHasAvx512()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo)) return false;
        string? flags = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
        return flags is not null && flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("avx512f");
    }
}
