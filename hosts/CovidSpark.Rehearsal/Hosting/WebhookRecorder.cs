using System.Text.Json;
using System.Text.RegularExpressions;
using CovidSpark.Ledger;

namespace CovidSpark.Rehearsal.Hosting;

/// <summary>One message the local webhook received.</summary>
/// <param name="Time">When it arrived (UTC).</param>
/// <param name="Body">The JSON body as posted.</param>
/// <param name="Title">The message title (Slack <c>text</c>, or the Adaptive Card's title TextBlock), or null when the body has none.</param>
/// <param name="Job">Job parsed from the title.</param>
/// <param name="Date">Data date parsed from the title.</param>
/// <param name="State">State parsed from the title.</param>
public sealed record WebhookPost(DateTimeOffset Time, string Body, string? Title, string? Job, DateOnly? Date, string? State);

/// <summary>
/// A Microsoft Teams Workflows webhook on 127.0.0.1: it answers <c>202 Accepted</c> like Workflows do and records every post
/// (an Adaptive Card per state change), so the rehearsal can check that each job state change reached the room exactly once.
/// </summary>
public sealed partial class WebhookRecorder : IAsyncDisposable
{
    private readonly LoopbackListener _listener;
    private readonly TimeProvider _time;
    private readonly List<WebhookPost> _posts = [];
    private readonly Lock _gate = new();

    private WebhookRecorder(TimeProvider time)
    {
        _time = time;
        _listener = LoopbackListener.Start("webhook", Handle);
        // the shape of a Workflows URL: …/workflows/<id>/triggers/manual/paths/invoke
        Url = new Uri(_listener.Root, $"workflows/{Guid.NewGuid():N}/triggers/manual/paths/invoke");
    }

    /// <summary>The webhook URL (a secret in real life; the rehearsal hands it over as <c>COVIDSPARK_TEAMS_WEBHOOK_URL</c>).</summary>
    public Uri Url { get; }

    /// <summary>Called on every post (the rehearsal adds it to its timeline).</summary>
    public event Action<WebhookPost>? Received;

    /// <summary>Everything received so far, in arrival order.</summary>
    public IReadOnlyList<WebhookPost> Posts
    {
        get
        {
            lock (_gate) return [.. _posts];
        }
    }

    /// <summary>Starts listening on a free loopback port.</summary>
    /// <exception cref="RehearsalException">No port could be bound.</exception>
    public static WebhookRecorder Start(TimeProvider time) => new(time);

    private LoopbackAnswer Handle(LoopbackRequest request)
    {
        if (request.Path != Url.AbsolutePath) return new LoopbackAnswer(404, "text/plain", "no such workflow");
        var post = Parse(_time.GetUtcNow(), request.Body);
        lock (_gate) _posts.Add(post);
        Received?.Invoke(post);
        return new LoopbackAnswer(202, "text/plain", "");
    }

    /// <summary>
    /// Reads the title (<c>✅ pipeline · 2020-11-09 · SUCCEEDED</c>) out of a message body: a Teams Workflows post (the first
    /// TextBlock of its Adaptive Card that reads like a title; a mention block may come first) or a Slack message (<c>text</c>).
    /// A body with no such title keeps its first text as the title (a backfill summary), with no job, date or state.
    /// </summary>
    internal static WebhookPost Parse(DateTimeOffset at, string body)
    {
        var texts = Titles(body);
        var title = texts.FirstOrDefault(t => TitlePattern().IsMatch(t)) ?? texts.FirstOrDefault();
        var m = title is null ? null : TitlePattern().Match(title);
        if (m is not { Success: true }) return new WebhookPost(at, body, title, null, null, null);
        return new WebhookPost(at, body, title, m.Groups["job"].Value.Replace("\\", "", StringComparison.Ordinal), LedgerFormats.ParseDate(m.Groups["date"].Value), m.Groups["state"].Value);
    }

    private static List<string> Titles(string body)
    {
        var found = new List<string>();
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return found;
            if (root.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String) found.Add(text.GetString()!);
            if (root.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
                foreach (var a in attachments.EnumerateArray())
                    if (a.ValueKind == JsonValueKind.Object && a.TryGetProperty("content", out var card) && card.ValueKind == JsonValueKind.Object
                        && card.TryGetProperty("body", out var blocks) && blocks.ValueKind == JsonValueKind.Array)
                        found.AddRange(blocks.EnumerateArray()
                            .Where(b => b.ValueKind == JsonValueKind.Object && b.TryGetProperty("type", out var t) && t.ValueEquals("TextBlock")
                                && b.TryGetProperty("text", out var s) && s.ValueKind == JsonValueKind.String)
                            .Select(b => b.GetProperty("text").GetString()!));
        }
        catch (JsonException) { }
        return found;
    }

    /// <summary>The title pattern the chat formatters share: <c>&lt;emoji&gt; job · yyyy-MM-dd · STATE</c>.</summary>
    [GeneratedRegex(@"(?<job>[A-Za-z0-9_.\\-]+?) \u00B7 (?<date>\d{4}-\d{2}-\d{2}) \u00B7 (?<state>[A-Z]+)")]
    internal static partial Regex TitlePattern();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _listener.DisposeAsync();
}
