using CovidSpark.Cli.Infrastructure;
using Spectre.Console;

namespace CovidSpark.Cli.Tests;

/// <summary>Runs the covidspark root command in-process with captured output and a given environment and clock.</summary>
internal sealed class CliRunner(IReadOnlyDictionary<string, string> environment, TimeProvider time)
{
    public sealed record Result(int ExitCode, string Out, string Err);

    /// <summary><c>--config PATH</c> for the commands that take it (asked of the command tree); nothing for the others (they refuse the option).</summary>
    public static string[] ConfigOption(string command, string path) =>
        Commands.Value.Subcommands.Single(c => c.Name == command).Options.Any(o => o.Name == "--config") ? ["--config", path] : [];

    private static readonly Lazy<System.CommandLine.RootCommand> Commands = new(() => CovidSparkCli.BuildRoot(
        new CliServices(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }), TextWriter.Null, TextWriter.Null, _ => null, TimeProvider.System)));

    public async Task<Result> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 220;
        var cli = new CliServices(console, output, error, k => environment.GetValueOrDefault(k), time);
        var code = await CovidSparkCli.InvokeAsync(args, cli);
        return new Result(code, output.ToString(), error.ToString());
    }
}
