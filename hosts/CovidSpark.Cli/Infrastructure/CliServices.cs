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
        new(AnsiConsole.Console, System.Console.Out, System.Console.Error, System.Environment.GetEnvironmentVariable, TimeProvider.System);

    /// <summary>Options shared by all commands.</summary>
    public GlobalOptions Globals { get; } = new();
}
