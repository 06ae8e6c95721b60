using System.CommandLine;
using CovidSpark.Jobs.Cli;
using Microsoft.Extensions.Logging;

var verbose = new Option<bool>("--verbose", "-v") { Description = "Log engine and job details to standard error.", Recursive = true };
var root = new RootCommand("CovidSpark jobs: the COVID-19 analytics pipeline (ETL, statistics, KMeans) on the embedded DuckDB engine or on Spark.")
{
    verbose,
};
ILoggerFactory? loggerFactory = null;
ILoggerFactory Logging() => loggerFactory ??= LoggerFactory.Create(b => b
    .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
    .AddFilter(l => l >= (args.Contains("--verbose") || args.Contains("-v") ? LogLevel.Debug : LogLevel.Warning)));
root.Subcommands.Add(RunCommand.Create(Logging));
root.Subcommands.Add(LakeCommand.Create(Logging));
try
{
    // Ctrl-C / SIGTERM cancel the run's token; the runner stops at the next safe point (a Delta commit is all or nothing),
    // writes the manifest with status CANCELLED and returns 130. Give it time to do that before the process is ended.
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });
}
finally
{
    loggerFactory?.Dispose();
}
