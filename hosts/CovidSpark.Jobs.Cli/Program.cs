using CovidSpark.Jobs.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

ILoggerFactory? loggerFactory = null;
var verbose = args.Contains("--verbose") || args.Contains("-v");
// Logs go to standard error at every level: standard output is the run's summary (and a dry run's plans).
ILoggerFactory Logging() => loggerFactory ??= LoggerFactory.Create(b =>
{
    b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
        .AddFilter(l => l >= (verbose ? LogLevel.Debug : LogLevel.Warning));
    b.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
});
try
{
    return await JobsCommandLine.InvokeAsync(args, Logging, Console.Out, Console.Error);
}
finally
{
    loggerFactory?.Dispose();
}
