using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace ShuffleNetGen.Package.Tests;

/// <summary>Output of one finished <c>dotnet</c> run.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Everything the command printed, for assertions and failure messages.</summary>
    public string Output => StandardOutput + StandardError;

    /// <summary>The command, its exit code and both streams: what a failing assertion shows.</summary>
    public string Describe() =>
        $"`{CommandLine}` exited with {ExitCode}.{Environment.NewLine}--- stdout ---{Environment.NewLine}{StandardOutput}" +
        $"{Environment.NewLine}--- stderr ---{Environment.NewLine}{StandardError}";
}

/// <summary>
/// Runs the <c>dotnet</c> CLI (or a program it built) in a clean environment with a time limit. The test host runs under
/// MSBuild, whose <c>MSBuild*</c> variables would otherwise steer the child build to the parent's SDK paths and settings.
/// </summary>
public static class DotnetCommand
{
    public static CommandResult Run(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        RunProgram("dotnet", workingDirectory, timeout, arguments);

    /// <summary>Runs <paramref name="program"/> (a path, or a name on PATH) the same way.</summary>
    public static CommandResult RunProgram(string program, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string key in new List<string>(start.Environment.Keys))
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        string commandLine = program + " " + string.Join(' ', arguments);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => stdout.AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => stderr.AppendLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            var timedOut = new CommandResult(commandLine, -1, stdout.ToString(), stderr.ToString());
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:F0} s: {timedOut.Describe()}");
        }

        // The parameterless wait drains the asynchronous output readers.
        process.WaitForExit();
        return new CommandResult(commandLine, process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
