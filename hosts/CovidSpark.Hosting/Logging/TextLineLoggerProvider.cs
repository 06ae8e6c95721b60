using Microsoft.Extensions.Logging;

namespace CovidSpark.Hosting.Logging;

/// <summary>
/// Writes log messages as plain lines (<c>HH:mm:ss message</c>, warnings and errors prefixed with their level) to a
/// <see cref="TextWriter"/>: progress a command shows on its standard error, and tests capture.
/// </summary>
public sealed class TextLineLoggerProvider(TextWriter writer, LogLevel minimum, TimeProvider time) : ILoggerProvider
{
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this);

    /// <inheritdoc />
    public void Dispose() { }

    private void Write(string line)
    {
        lock (_gate) writer.WriteLine(line);
    }

    private sealed class Logger(TextLineLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider._minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var prefix = logLevel >= LogLevel.Warning ? $"{logLevel.ToString().ToLowerInvariant()}: " : "";
            provider.Write($"{provider._time.GetUtcNow().UtcDateTime:HH:mm:ss} {prefix}{formatter(state, exception)}");
        }
    }

    private readonly LogLevel _minimum = minimum;
    private readonly TimeProvider _time = time;
}
