using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Cli.Infrastructure;

/// <summary>The loggers of a <c>covidspark</c> command: the one place their shape is decided.</summary>
internal static class CliLogging
{
    /// <summary>
    /// With <c>-v</c>: Debug and above, one line each with the time, all on standard error (standard output is the command's
    /// answer, which scripts read); without: none. Dispose it when the command ends.
    /// </summary>
    public static ILoggerFactory Create(bool verbose) =>
        verbose
            ? LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug)
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
                .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }))
            : NullLoggerFactory.Instance;
}
