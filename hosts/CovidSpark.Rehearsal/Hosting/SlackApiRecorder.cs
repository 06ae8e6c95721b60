using System.Globalization;
using System.Text.Json.Nodes;

namespace CovidSpark.Rehearsal.Hosting;

/// <summary>One call the local Slack Web API answered.</summary>
/// <param name="Time">When it arrived (UTC).</param>
/// <param name="Method"><c>chat.postMessage</c>, <c>chat.update</c>, <c>conversations.history</c> or <c>conversations.replies</c>.</param>
/// <param name="Status">The HTTP status answered (429 for a rate-limit answer).</param>
/// <param name="Ts">The message the call made (<c>chat.postMessage</c>) or changed (<c>chat.update</c>).</param>
/// <param name="ThreadTs">The thread a <c>chat.postMessage</c> replied in; null for a thread parent.</param>
/// <param name="Message">The message as parsed for its title (job, date, state), when it carried one.</param>
/// <param name="Error">Slack's <c>error</c> when the call was refused (<c>invalid_auth</c>, <c>thread_not_found</c>, …).</param>
public sealed record SlackApiCall(DateTimeOffset Time, string Method, int Status, string? Ts, string? ThreadTs, WebhookPost? Message, string? Error = null)
{
    /// <summary>The call did what it asked (not rate-limited, not refused).</summary>
    public bool Succeeded => Status == 200 && Error is null;
}

/// <summary>
/// The Slack Web API on 127.0.0.1, as much of it as the notifier's thread rooms use: <c>chat.postMessage</c> answers
/// <c>ok</c>, <c>channel</c> and a fresh <c>ts</c> (and refuses a <c>thread_ts</c> it never gave out), <c>chat.update</c>
/// changes a message it holds, <c>conversations.history</c>/<c>conversations.replies</c> list messages with their metadata
/// (the notifier's lookup after a crash between post and mark). The bearer token is checked like Slack does
/// (<c>not_authed</c>, <c>invalid_auth</c>), and the first call of <see cref="RateLimitedMethod"/> is answered 429 with
/// <c>Retry-After: 1</c>, so the notifier's pacing runs. Every call is recorded.
/// </summary>
public sealed class SlackApiRecorder : IAsyncDisposable
{
    private readonly LoopbackListener _listener;
    private readonly TimeProvider _time;
    private readonly string _token;
    private readonly List<SlackApiCall> _calls = [];
    private readonly Dictionary<string, (string? ThreadTs, string? Key, string Text)> _messages = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _clock;
    private bool _rateLimited;

    private SlackApiRecorder(TimeProvider time, string token, string rateLimitedMethod)
    {
        _time = time;
        _token = token;
        RateLimitedMethod = rateLimitedMethod;
        _clock = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        _listener = LoopbackListener.Start("slack", Handle);
        ApiUrl = new Uri(_listener.Root, "api/");
    }

    /// <summary>What the notifier gets as <c>COVIDSPARK_SLACK_API_URL</c>.</summary>
    public Uri ApiUrl { get; }

    /// <summary>The method whose first call is answered 429 with <c>Retry-After: 1</c>.</summary>
    public string RateLimitedMethod { get; }

    /// <summary>Called on every call (the rehearsal adds it to its timeline).</summary>
    public event Action<SlackApiCall>? Received;

    /// <summary>Every call so far, in arrival order.</summary>
    public IReadOnlyList<SlackApiCall> Calls
    {
        get
        {
            lock (_gate) return [.. _calls];
        }
    }

    /// <summary>Starts listening on a free loopback port; only <paramref name="token"/> is accepted as the bot token.</summary>
    /// <exception cref="RehearsalException">No port could be bound.</exception>
    public static SlackApiRecorder Start(TimeProvider time, string token, string rateLimitedMethod = "chat.update") => new(time, token, rateLimitedMethod);

    private LoopbackAnswer Handle(LoopbackRequest request)
    {
        var method = request.Path.StartsWith("/api/", StringComparison.Ordinal) ? request.Path[5..] : request.Path;
        var body = request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true ? ParseJson(request.Body) : Form(request.Body);
        var now = _time.GetUtcNow();
        SlackApiCall call;
        LoopbackAnswer answer;
        lock (_gate)
        {
            (call, answer) = Answer(now, method, request, body);
            _calls.Add(call);
        }
        Received?.Invoke(call);
        return answer;
    }

    private (SlackApiCall, LoopbackAnswer) Answer(DateTimeOffset now, string method, LoopbackRequest request, JsonObject body)
    {
        if (method == RateLimitedMethod && !_rateLimited)
        {
            _rateLimited = true;
            return (new SlackApiCall(now, method, 429, null, null, null, "ratelimited"), new LoopbackAnswer(429, "application/json", """{"ok":false,"error":"ratelimited"}""", RetryAfterSeconds: 1));
        }
        var refused = request.Authorization is null ? "not_authed" : request.Authorization != "Bearer " + _token ? "invalid_auth" : null;
        if (refused is not null) return Error(now, method, refused);
        var channel = Str(body, "channel") ?? "";
        switch (method)
        {
            case "chat.postMessage":
            {
                var thread = Str(body, "thread_ts");
                if (thread is not null && !_messages.ContainsKey(thread)) return Error(now, method, "thread_not_found");
                _clock = Math.Max(_clock + 1000, now.ToUnixTimeMilliseconds() * 1000);
                var ts = (_clock / 1_000_000).ToString(CultureInfo.InvariantCulture) + "." + (_clock % 1_000_000).ToString("000000", CultureInfo.InvariantCulture);
                var text = Str(body, "text") ?? "";
                _messages[ts] = (thread, body["metadata"]?["event_payload"]?["key"]?.GetValue<string>(), text);
                return (new SlackApiCall(now, method, 200, ts, thread, WebhookRecorder.Parse(now, body.ToJsonString())),
                    Json(new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts }));
            }
            case "chat.update":
            {
                var ts = Str(body, "ts") ?? "";
                if (!_messages.TryGetValue(ts, out var old)) return Error(now, method, "message_not_found");
                _messages[ts] = old with { Text = Str(body, "text") ?? old.Text };
                return (new SlackApiCall(now, method, 200, ts, old.ThreadTs, WebhookRecorder.Parse(now, body.ToJsonString())),
                    Json(new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts }));
            }
            case "conversations.history" or "conversations.replies":
            {
                var thread = Str(body, "ts");
                var found = _messages.Where(m => method == "conversations.history" ? m.Value.ThreadTs is null : m.Value.ThreadTs == thread || m.Key == thread)
                    .Select(m => (JsonNode)new JsonObject
                    {
                        ["ts"] = m.Key,
                        ["text"] = m.Value.Text,
                        ["metadata"] = m.Value.Key is null ? null
                            : new JsonObject { ["event_type"] = Notifier.Delivery.SlackApiClient.MetadataEventType, ["event_payload"] = new JsonObject { ["key"] = m.Value.Key } },
                    });
                return (new SlackApiCall(now, method, 200, null, thread, null), Json(new JsonObject { ["ok"] = true, ["messages"] = new JsonArray([.. found]) }));
            }
            default:
                return Error(now, method, "unknown_method");
        }
    }

    private static (SlackApiCall, LoopbackAnswer) Error(DateTimeOffset now, string method, string error) =>
        (new SlackApiCall(now, method, 200, null, null, null, error), Json(new JsonObject { ["ok"] = false, ["error"] = error }));

    private static LoopbackAnswer Json(JsonObject o) => new(200, "application/json; charset=utf-8", o.ToJsonString());

    private static string? Str(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static JsonObject ParseJson(string body)
    {
        try { return JsonNode.Parse(body) as JsonObject ?? []; }
        catch (System.Text.Json.JsonException) { return []; }
    }

    private static JsonObject Form(string body)
    {
        var o = new JsonObject();
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            o[Uri.UnescapeDataString(kv[0].Replace('+', ' '))] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : "";
        }
        return o;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
