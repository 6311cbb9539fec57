using System;
using System.Diagnostics;
using System.Reflection;
using ShuffleNetGen.Bench.Compare;
using ShuffleNetGen.Bench.Kernels;

namespace ShuffleNetGen.Bench;

/// <summary><c>bench kernels …</c> | <c>bench compare …</c> | <c>bench profile …</c> | <c>bench coldstart[-ort] &lt;spec&gt; &lt;file&gt;</c> (the children compare spawns).</summary>
internal static class Program
{
    private const string Usage =
        "usage:\n  bench kernels [--short] [BenchmarkDotNet args, e.g. --filter *Conv1x1*]\n  " + CompareOptions.Usage + "\n  " + ProfileCommand.Usage;

    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        string[] rest = args[1..];
        switch (args[0])
        {
            case "kernels":
                return KernelsCommand.Run(rest);
            case "compare":
                if (!IsOptimizedBuild())
                {
                    Console.Error.WriteLine("compare times a Debug build; run it with `dotnet run -c Release --project bench/ShuffleNetGen.Bench -- compare`.");
                    return 2;
                }
                return CompareCommand.Run(rest);
            case "profile":
                return ProfileCommand.Run(rest);
            case ColdStart.OursCommand:
            case ColdStart.OrtCommand:
                return ColdStart.RunChild(args[0], rest);
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    private static bool IsOptimizedBuild() =>
        typeof(Program).Assembly.GetCustomAttribute<DebuggableAttribute>() is not { IsJITOptimizerDisabled: true };
}
