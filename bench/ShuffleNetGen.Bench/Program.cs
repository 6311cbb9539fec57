using System;
using System.Diagnostics;
using System.Reflection;
using ShuffleNetGen.Bench.Compare;
using ShuffleNetGen.Bench.Kernels;
using ShuffleNetGen.Bench.Startup;

namespace ShuffleNetGen.Bench;

/// <summary><c>bench kernels …</c> | <c>bench compare …</c> | <c>bench startup …</c> | <c>bench profile …</c> | <c>bench coldstart[-ort] &lt;spec&gt; &lt;file&gt;</c> (the children compare and startup spawn).</summary>
internal static class Program
{
    private const string Usage =
        "usage:\n  bench kernels [--short] [BenchmarkDotNet args, e.g. --filter *Conv1x1*]\n  " + CompareOptions.Usage + "\n  " + StartupCommand.Usage + "\n  " + ProfileCommand.Usage;

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
            case "startup":
                if (!IsOptimizedBuild())
                {
                    Console.Error.WriteLine($"{args[0]} times a Debug build; run it with `dotnet run -c Release --project bench/ShuffleNetGen.Bench -- {args[0]}`.");
                    return 2;
                }
                return args[0] == "compare" ? CompareCommand.Run(rest) : StartupCommand.Run(rest);
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
