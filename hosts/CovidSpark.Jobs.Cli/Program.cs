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
try
{
    return await root.Parse(args).InvokeAsync();
}
finally
{
    loggerFactory?.Dispose();
}
