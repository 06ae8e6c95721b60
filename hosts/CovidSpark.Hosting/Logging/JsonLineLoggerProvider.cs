using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Hosting.Logging;

/// <summary>
/// Writes one JSON object per log entry (<c>timestamp</c>, <c>level</c>, <c>category</c>, <c>message</c>, the template's
/// named values, <c>requestId</c> when known): Lambda's JSON log format, queryable in CloudWatch Logs Insights. Trim-safe.
/// </summary>
public sealed class JsonLineLoggerProvider(TextWriter output, LogLevel minimum, TimeProvider time) : ILoggerProvider
{
    private readonly Lock _gate = new();

    /// <summary>The request id stamped on entries of the current invocation (set by the host).</summary>
    public string? RequestId { get; set; }

    public ILogger CreateLogger(string categoryName) => new JsonLineLogger(this, categoryName);

    public void Dispose() { }

    private void Write(string category, LogLevel level, EventId id, string message, IReadOnlyList<KeyValuePair<string, object?>>? state, Exception? exception)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", time.GetUtcNow());
            json.WriteString("level", level.ToString());
            json.WriteString("category", category);
            if (id.Id != 0) json.WriteNumber("eventId", id.Id);
            json.WriteString("message", message);
            if (RequestId is { } requestId) json.WriteString("requestId", requestId);
            foreach (var (key, value) in state ?? [])
            {
                if (key == "{OriginalFormat}") json.WriteString("template", value?.ToString());
                else if (value is int or long or double or decimal or float) json.WriteNumber(key, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                else if (value is bool b) json.WriteBoolean(key, b);
                else json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            }
            if (exception is not null)
            {
                json.WriteString("errorType", exception.GetType().Name);
                json.WriteString("errorMessage", exception.Message);
            }
            json.WriteEndObject();
        }
        var line = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        lock (_gate) output.WriteLine(line);
    }

    private sealed class JsonLineLogger(JsonLineLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider._minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            provider.Write(category, logLevel, eventId, formatter(state, exception), state as IReadOnlyList<KeyValuePair<string, object?>>, exception);
        }
    }

    private readonly LogLevel _minimum = minimum;
}
