using CovidSpark.Deploy;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Cli.Commands.Deploy;

/// <summary>Writes log messages as plain lines (<c>HH:mm:ss message</c>) to a <see cref="TextWriter"/> (the CLI's standard error).</summary>
public sealed class TextWriterLoggerProvider(TextWriter writer) : ILoggerProvider
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

    private sealed class Logger(TextWriterLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var prefix = logLevel >= LogLevel.Warning ? $"{logLevel.ToString().ToLowerInvariant()}: " : "";
            provider.Write($"{DateTime.UtcNow:HH:mm:ss} {prefix}{formatter(state, exception)}");
        }
    }
}
