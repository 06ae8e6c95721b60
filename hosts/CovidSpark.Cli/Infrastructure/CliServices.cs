using Spectre.Console;

namespace CovidSpark.Cli.Infrastructure;

/// <summary>What commands use from the outside world: console, environment, clock. Injected so the CLI runs in-process in tests.</summary>
/// <param name="Console">Where tables and messages go.</param>
/// <param name="Output">Where <c>--json</c> documents go (the same stream as <paramref name="Console"/> in a terminal).</param>
/// <param name="Error">Where errors and verbose logs go.</param>
/// <param name="Environment">Environment variable lookup.</param>
/// <param name="Time">The clock (the latest launchable date is yesterday in UTC).</param>
public sealed record CliServices(IAnsiConsole Console, TextWriter Output, TextWriter Error, Func<string, string?> Environment, TimeProvider Time)
{
    /// <summary>The real terminal and process environment.</summary>
    public static CliServices FromProcess() =>
        new(ConsoleFor(System.Console.Out, System.Console.IsOutputRedirected, System.Environment.GetEnvironmentVariable("COLUMNS")),
            System.Console.Out, System.Console.Error, System.Environment.GetEnvironmentVariable, TimeProvider.System);

    /// <summary>Width of the lines when standard output is not a terminal and COLUMNS is not set: wide enough that no table wraps.</summary>
    public const int UnwrappedWidth = 4096;

    /// <summary>
    /// The console tables are written to. A terminal gets colours and its width (COLUMNS when set); a pipe or a file gets plain
    /// text — no escape codes, no colours — at COLUMNS or <see cref="UnwrappedWidth"/>, so a cell is never broken across lines
    /// (<c>pipeli/ne</c>) for the next program to read.
    /// </summary>
    public static IAnsiConsole ConsoleFor(TextWriter output, bool redirected, string? columns)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(output),
        });
        if (int.TryParse(columns, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var width) && width > 0)
            console.Profile.Width = width;
        else if (redirected)
            console.Profile.Width = UnwrappedWidth;
        return console;
    }

    /// <summary>Options shared by all commands.</summary>
    public GlobalOptions Globals { get; } = new();
}
