using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CovidSpark.Notifier.Secrets;

namespace CovidSpark.Notifier.Delivery;

/// <summary>
/// The few Slack Web API methods the notifier uses: <c>chat.postMessage</c> (returns the message <c>ts</c>),
/// <c>chat.update</c>, and <c>conversations.history</c>/<c>conversations.replies</c> to find a message by the metadata key
/// every post carries. Each method is paced (<see cref="SlackApiLimits"/>); 429 answers and <c>ratelimited</c> errors are
/// retried after <c>Retry-After</c>. The token is sent as a bearer header and never logged.
/// </summary>
public sealed class SlackApiClient
{
    /// <summary>The <c>metadata.event_type</c> of every message the notifier posts.</summary>
    public const string MetadataEventType = "covidspark_notification";

    /// <summary>The public Slack Web API.</summary>
    public static Uri DefaultBaseUrl { get; } = new("https://slack.com/api/");

    private static readonly HashSet<string> TransientErrors = new(StringComparer.Ordinal)
    {
        "ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout",
    };

    private readonly WebhookClient _http;
    private readonly Uri _base;
    private readonly SlackApiLimits _limits;
    private readonly TimeProvider _time;

    /// <summary>Creates the client over <paramref name="baseUrl"/> (ending in <c>/api/</c>; a local server in tests and rehearsals).</summary>
    public SlackApiClient(WebhookClient http, Uri baseUrl, SlackApiLimits limits, TimeProvider time)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        ArgumentNullException.ThrowIfNull(baseUrl);
        _base = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _limits = limits ?? throw new ArgumentNullException(nameof(limits));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>
    /// Posts <paramref name="message"/> (text, attachments, blocks) to <paramref name="channel"/>, in the thread of
    /// <paramref name="threadTs"/> when given, carrying <paramref name="key"/> as metadata. When an attempt gets no answer,
    /// the channel (or thread) is searched for the key before posting again, so a slow answer never makes a second message.
    /// </summary>
    /// <returns>The message's <c>ts</c>.</returns>
    /// <exception cref="WebhookDeliveryException">Slack refused the message or could not be reached.</exception>
    public async Task<string> PostMessageAsync(string destination, SecretValue token, string channel, JsonObject message, string key,
        string? threadTs, bool broadcast, CancellationToken cancellationToken)
    {
        var body = (JsonObject)message.DeepClone();
        body["channel"] = channel;
        body["unfurl_links"] = false;
        body["unfurl_media"] = false;
        body["metadata"] = new JsonObject { ["event_type"] = MetadataEventType, ["event_payload"] = new JsonObject { ["key"] = key } };
        if (threadTs is not null)
        {
            body["thread_ts"] = threadTs;
            if (broadcast) body["reply_broadcast"] = true;
        }
        var since = _time.GetUtcNow() - TimeSpan.FromMinutes(1);
        var answer = await _http.SendAsync(new ChatRequest(destination, $"slack:chat.postMessage:{channel}", _limits.PostPerChannel, Method("chat.postMessage"), body.ToJsonString())
        {
            Bearer = token,
            Check = Check,
            Confirm = async ct => await FindAsync(destination, token, channel, threadTs, key, since, ct).ConfigureAwait(false) is { } ts
                ? new JsonObject { ["ok"] = true, ["ts"] = ts }.ToJsonString()
                : null,
        }, cancellationToken).ConfigureAwait(false);
        return ReadString(answer.Body, "ts") ?? throw new WebhookDeliveryException(destination, answer.Status, answer.Attempts, false, "chat.postMessage answered ok without a ts");
    }

    /// <summary>Replaces the text and blocks of the message <paramref name="ts"/> (idempotent: repeating it changes nothing).</summary>
    /// <exception cref="WebhookDeliveryException">Slack refused the update or could not be reached.</exception>
    public async Task UpdateAsync(string destination, SecretValue token, string channel, string ts, JsonObject message, CancellationToken cancellationToken)
    {
        var body = (JsonObject)message.DeepClone();
        body["channel"] = channel;
        body["ts"] = ts;
        await _http.SendAsync(new ChatRequest(destination, "slack:chat.update", _limits.Update, Method("chat.update"), body.ToJsonString())
        {
            Bearer = token,
            Check = Check,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The <c>ts</c> of the message carrying <paramref name="key"/> posted since <paramref name="since"/> in the channel, or
    /// among the replies of <paramref name="threadTs"/>; null when there is none (needs the <c>channels:history</c> scope).
    /// </summary>
    /// <exception cref="WebhookDeliveryException">Slack refused the read or could not be reached.</exception>
    public async Task<string?> FindAsync(string destination, SecretValue token, string channel, string? threadTs, string key, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var oldest = (since.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000000", CultureInfo.InvariantCulture);
        var form = new Dictionary<string, string>
        {
            ["channel"] = channel, ["oldest"] = oldest, ["limit"] = "200", ["include_all_metadata"] = "true",
        };
        if (threadTs is not null) form["ts"] = threadTs;
        var method = threadTs is null ? "conversations.history" : "conversations.replies";
        var encoded = string.Join("&", form.Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value)}"));
        var answer = await _http.SendAsync(new ChatRequest(destination, "slack:" + method, _limits.Read, Method(method), encoded, "application/x-www-form-urlencoded")
        {
            Bearer = token,
            Check = Check,
        }, cancellationToken).ConfigureAwait(false);
        using var doc = JsonDocument.Parse(answer.Body);
        if (!doc.RootElement.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array) return null;
        foreach (var m in messages.EnumerateArray())
        {
            if (m.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object
                && meta.TryGetProperty("event_type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == MetadataEventType
                && meta.TryGetProperty("event_payload", out var payload) && payload.ValueKind == JsonValueKind.Object
                && payload.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String && k.GetString() == key
                && m.TryGetProperty("ts", out var ts) && ts.ValueKind == JsonValueKind.String)
                return ts.GetString();
        }
        return null;
    }

    private WebhookUrl Method(string name) => new(new Uri(_base, name).AbsoluteUri);

    /// <summary>Slack answers 200 with <c>{"ok":false,"error":"…"}</c> on errors.</summary>
    internal static AnswerCheck Check(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True) return AnswerCheck.Success;
            var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "unknown_error";
            return new AnswerCheck(false, TransientErrors.Contains(error), $"Slack answered '{Formatting.Text.Truncate(error, 80)}'");
        }
        catch (JsonException)
        {
            return new AnswerCheck(false, true, "Slack's answer is not JSON");
        }
    }

    private static string? ReadString(string body, string name)
    {
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
