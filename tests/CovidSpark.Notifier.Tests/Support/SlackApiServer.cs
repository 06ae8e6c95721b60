using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using CovidSpark.Testing;

namespace CovidSpark.Notifier.Tests.Support;

/// <summary>One message the fake Slack holds (after every update).</summary>
public sealed record SlackPost(string Ts, string Channel, string? ThreadTs, string? Key, bool Broadcast, JsonObject Body)
{
    public string Text => Body["text"]?.GetValue<string>() ?? "";
}

/// <summary>
/// A local server playing the Slack Web API methods the notifier calls: <c>chat.postMessage</c> (answers a fresh <c>ts</c>),
/// <c>chat.update</c>, <c>conversations.history</c> / <c>conversations.replies</c> (with message metadata). It checks the bearer
/// token like Slack (<c>not_authed</c>, <c>invalid_auth</c>) and can answer 429 with Retry-After or answer late, on a script.
/// </summary>
public sealed class SlackApiServer : IAsyncDisposable
{
    public const string Token = "xoxb-1111-2222-SecretBotToken";

    private readonly ConcurrentDictionary<string, SlackPost> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Method, JsonObject Body)> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<ScriptedResponse?>>> _script = new(StringComparer.Ordinal);
    private long _clock = 1_605_000_000_000_000;

    public SlackApiServer() => Server = new LoopbackHttpServer(Handle);

    public LoopbackHttpServer Server { get; }

    /// <summary>What to put in COVIDSPARK_SLACK_API_URL.</summary>
    public Uri ApiUrl => new(Server.BaseUri, "api/");

    /// <summary>Top-level messages and replies, in posting order.</summary>
    public IReadOnlyList<SlackPost> Messages => [.. _messages.Values.OrderBy(m => m.Ts, StringComparer.Ordinal)];

    public IReadOnlyList<(string Method, JsonObject Body)> Calls => [.. _calls];

    public int CallsOf(string method) => _calls.Count(c => c.Method == method);

    /// <summary>The next call of <paramref name="method"/> gets <paramref name="answer"/> instead (null from the function: answer normally).</summary>
    public void Next(string method, Func<ScriptedResponse?> answer) => _script.GetOrAdd(method, _ => new()).Enqueue(answer);

    /// <summary>A message "someone" posted earlier, e.g. a sender that crashed before writing its mark.</summary>
    public string Seed(string channel, string? threadTs, string key, string text)
    {
        var ts = NextTs();
        _messages[ts] = new SlackPost(ts, channel, threadTs, key, false, new JsonObject { ["text"] = text });
        return ts;
    }

    private string NextTs()
    {
        var us = Interlocked.Add(ref _clock, 1000);
        return (us / 1_000_000).ToString(CultureInfo.InvariantCulture) + "." + (us % 1_000_000).ToString("000000", CultureInfo.InvariantCulture);
    }

    /// <summary>The next call of <paramref name="method"/> is carried out, but answered only after <paramref name="delay"/>.</summary>
    public void SlowNext(string method, TimeSpan delay) => _slow.GetOrAdd(method, _ => new()).Enqueue(delay);

    private readonly ConcurrentDictionary<string, ConcurrentQueue<TimeSpan>> _slow = new(StringComparer.Ordinal);

    private ScriptedResponse Handle(RecordedRequest r)
    {
        var answer = Respond(r);
        var method = r.Path.StartsWith("/api/", StringComparison.Ordinal) ? r.Path[5..] : r.Path;
        if (_slow.TryGetValue(method, out var q) && q.TryDequeue(out var delay)) Thread.Sleep(delay);
        return answer;
    }

    private ScriptedResponse Respond(RecordedRequest r)
    {
        var method = r.Path.StartsWith("/api/", StringComparison.Ordinal) ? r.Path[5..] : r.Path;
        var body = r.Headers.TryGetValue("Content-Type", out var type) && type.StartsWith("application/json", StringComparison.Ordinal)
            ? JsonNode.Parse(r.Body)!.AsObject()
            : Form(r.Body);
        _calls.Enqueue((method, body));
        if (_script.TryGetValue(method, out var q) && q.TryDequeue(out var scripted) && scripted() is { } answer) return answer;
        if (!r.Headers.TryGetValue("Authorization", out var auth)) return Json(new JsonObject { ["ok"] = false, ["error"] = "not_authed" });
        if (auth != "Bearer " + Token) return Json(new JsonObject { ["ok"] = false, ["error"] = "invalid_auth" });
        var channel = body["channel"]?.GetValue<string>() ?? "";
        switch (method)
        {
            case "chat.postMessage":
            {
                var ts = NextTs();
                var thread = body["thread_ts"]?.GetValue<string>();
                if (thread is not null && !_messages.ContainsKey(thread)) return Json(new JsonObject { ["ok"] = false, ["error"] = "thread_not_found" });
                var key = body["metadata"]?["event_payload"]?["key"]?.GetValue<string>();
                _messages[ts] = new SlackPost(ts, channel, thread, key, body["reply_broadcast"]?.GetValue<bool>() ?? false, body);
                return Json(new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts });
            }
            case "chat.update":
            {
                var ts = body["ts"]!.GetValue<string>();
                if (!_messages.TryGetValue(ts, out var old)) return Json(new JsonObject { ["ok"] = false, ["error"] = "message_not_found" });
                _messages[ts] = old with { Body = body };
                return Json(new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = ts });
            }
            case "conversations.history" or "conversations.replies":
            {
                var thread = body["ts"]?.GetValue<string>();
                var found = _messages.Values.Where(m => m.Channel == channel && (method == "conversations.history" ? m.ThreadTs is null : m.ThreadTs == thread || m.Ts == thread))
                    .Select(m => (JsonNode)new JsonObject
                    {
                        ["ts"] = m.Ts,
                        ["text"] = m.Text,
                        ["metadata"] = m.Key is null ? null : new JsonObject { ["event_type"] = "covidspark_notification", ["event_payload"] = new JsonObject { ["key"] = m.Key } },
                    });
                return Json(new JsonObject { ["ok"] = true, ["messages"] = new JsonArray([.. found]) });
            }
            default:
                return Json(new JsonObject { ["ok"] = false, ["error"] = "unknown_method" });
        }
    }

    private static JsonObject Form(string body)
    {
        var o = new JsonObject();
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            o[Uri.UnescapeDataString(kv[0])] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
        }
        return o;
    }

    public static ScriptedResponse Json(JsonObject o) => new(200, o.ToJsonString(), new Dictionary<string, string> { ["Content-Type"] = "application/json; charset=utf-8" });

    public static ScriptedResponse RateLimited(int seconds) => new(429, "", new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture) });

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
