using System.CommandLine;
using CovidSpark.Jobs.Pipeline;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Jobs.Cli;

/// <summary>
/// The jobs' command line (<c>covidspark-jobs</c>): the root with its global <c>-v</c>, the <c>run</c> and <c>lake</c> commands. Every user
/// error is one line on standard error naming the option or file and exit code 1 — a parse error included, without the
/// whole help — and no exception reaches the user as a stack trace (<c>-v</c> adds it).
/// </summary>
internal static class JobsCommandLine
{
    /// <summary>The exit codes, as the help shows them.</summary>
    public const string ExitCodeTable = """
        Exit codes:
          0    success
          2    completed, but some input was quarantined or loaded PARTIAL (see <lake>/quarantine/ and the manifest)
          1    failure: bad options or input, or a job failed (the reason on standard error and in the manifest)
          130  interrupted (Ctrl+C, SIGTERM): stopped at a safe point, every table at a committed version
        """;

    /// <summary>
    /// Parses and runs <paramref name="args"/>; <paramref name="loggers"/> is created on first use; AWS settings not given as
    /// options come from <paramref name="environment"/> (null: the process environment).
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, Func<ILoggerFactory> loggers, TextWriter stdout, TextWriter stderr,
        Func<string, string?>? environment = null)
    {
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log engine and job details to standard error (and show stack traces).", Recursive = true };
        var root = new RootCommand("CovidSpark jobs: the COVID-19 analytics pipeline (ETL, statistics, KMeans) on the embedded DuckDB engine or on Spark.\n\n" + ExitCodeTable)
        {
            verbose,
        };
        root.Subcommands.Add(RunCommand.Create(loggers, environment));
        root.Subcommands.Add(LakeCommand.Create(loggers));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) stderr.WriteLine("error: " + e.Message);
            stderr.WriteLine($"See '{Name} {string.Join(' ', parse.CommandResult.Command.Name == root.Name ? [] : new[] { parse.CommandResult.Command.Name })} --help'.".Replace("  ", " ", StringComparison.Ordinal));
            return ExitCodes.Failure;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false,
                // Ctrl-C / SIGTERM cancel the run's token; the runner stops at the next safe point (a Delta commit is all or
                // nothing), writes the manifest with status CANCELLED and returns 130. Give it time to do that.
                ProcessTerminationTimeout = TimeSpan.FromSeconds(60),
            });
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            stderr.WriteLine("error: " + e.Message);
            if (parse.GetValue(verbose)) stderr.WriteLine(e);
            return ExitCodes.Failure;
        }
    }

    /// <summary>The installed command's name (<c>dotnet tool install</c>).</summary>
    public const string Name = "covidspark-jobs";
}
