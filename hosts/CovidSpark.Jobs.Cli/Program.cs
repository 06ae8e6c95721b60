using CovidSpark.Hosting.Logging;
using CovidSpark.Jobs.Cli;
using Microsoft.Extensions.Logging;

ILoggerFactory? loggerFactory = null;
var verbose = args.Contains("--verbose") || args.Contains("-v");
// Logs go to standard error at every level: standard output is the run's summary (and a dry run's plans).
ILoggerFactory Logging() => loggerFactory ??= HostLogging.CommandLine(HostLogging.Verbosity(verbose, LogLevel.Warning));
try
{
    return await JobsCommandLine.InvokeAsync(args, Logging, Console.Out, Console.Error);
}
finally
{
    loggerFactory?.Dispose();
}
