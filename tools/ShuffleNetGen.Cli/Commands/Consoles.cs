using System;
using System.IO;
using Spectre.Console;

namespace ShuffleNetGen.Cli.Commands;

/// <summary>A Spectre console writing to the command's output: the terminal's width, or wide enough for the layer table when redirected.</summary>
internal static class Consoles
{
    private const int RedirectedWidth = 200;

    public static IAnsiConsole Over(TextWriter output)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected) console.Profile.Width = RedirectedWidth;
        return console;
    }
}
