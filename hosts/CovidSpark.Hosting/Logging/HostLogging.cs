using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Hosting.Logging;

/// <summary>
/// The one place a host builds its logger factory: text lines on standard error for the command lines (standard output is
/// their answer, which scripts read), JSON lines for the Lambda functions (CloudWatch Logs Insights), and the verbosity rule.
/// The caller disposes the factory when the command or process ends.
/// </summary>
public static class HostLogging
{
    /// <summary>The level a command line logs at: Debug with <c>-v</c>/<c>--verbose</c>, else <paramref name="quiet"/> (<see cref="LogLevel.None"/>: nothing).</summary>
    public static LogLevel Verbosity(bool verbose, LogLevel quiet) => verbose ? LogLevel.Debug : quiet;

    /// <summary>
    /// A level named by configuration (the Lambda's <c>COVIDSPARK_LOG_LEVEL</c>: <c>Debug</c>, <c>warning</c>, …), or
    /// <paramref name="fallback"/> when it is unset or names no level.
    /// </summary>
    public static LogLevel ParseLevel(string? value, LogLevel fallback) =>
        Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) && Enum.IsDefined(level) ? level : fallback;

    /// <summary>
    /// A command line's loggers: <paramref name="minimum"/> and above, one line each with the time (<c>HH:mm:ss</c>) and the
    /// category, every level on standard error; <see cref="LogLevel.None"/> gives a factory that logs nothing.
    /// </summary>
    public static ILoggerFactory CommandLine(LogLevel minimum) =>
        minimum == LogLevel.None
            ? NullLoggerFactory.Instance
            : LoggerFactory.Create(b => b.SetMinimumLevel(minimum)
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
                .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }));

    /// <summary>Plain progress lines (<see cref="TextLineLoggerProvider"/>) on <paramref name="writer"/>, <paramref name="minimum"/> and above.</summary>
    public static ILoggerFactory Text(TextWriter writer, LogLevel minimum, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return LoggerFactory.Create(b => b.SetMinimumLevel(minimum).AddProvider(new TextLineLoggerProvider(writer, minimum, time ?? TimeProvider.System)));
    }

    /// <summary>One JSON object a line (<see cref="JsonLineLoggerProvider"/>, Lambda's JSON log format) on <paramref name="output"/>.</summary>
    public static ILoggerFactory JsonLines(TextWriter output, LogLevel minimum, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(output);
        return LoggerFactory.Create(b => b.SetMinimumLevel(minimum).AddProvider(new JsonLineLoggerProvider(output, minimum, time)));
    }
}
