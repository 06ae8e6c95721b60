using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CovidSpark.Rehearsal.Hosting;

/// <summary>One message the local webhook received.</summary>
/// <param name="Time">When it arrived (UTC).</param>
/// <param name="Body">The JSON body as posted.</param>
/// <param name="Title">The Slack <c>text</c> (the message title), or null when the body has none.</param>
/// <param name="Job">Job parsed from the title.</param>
/// <param name="Date">Data date parsed from the title.</param>
/// <param name="State">State parsed from the title.</param>
public sealed record WebhookPost(DateTimeOffset Time, string Body, string? Title, string? Job, DateOnly? Date, string? State);

/// <summary>
/// A Slack-style incoming webhook on 127.0.0.1 (HttpListener) that answers <c>ok</c> and records every post, so the rehearsal can
/// check that each job state change reached the room exactly once.
/// </summary>
public sealed partial class WebhookRecorder : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly TimeProvider _time;
    private readonly List<WebhookPost> _posts = [];
    private readonly Lock _gate = new();
    private readonly Task _loop;

    private WebhookRecorder(HttpListener listener, Uri url, TimeProvider time)
    {
        _listener = listener;
        _time = time;
        Url = url;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The webhook URL (a secret in real life: the rehearsal keeps it in an SSM SecureString).</summary>
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
    public static WebhookRecorder Start(TimeProvider time)
    {
        for (var attempt = 0; ; attempt++)
        {
            var url = new Uri($"http://127.0.0.1:{MotoProcess.FreePort()}/services/rehearsal/{Guid.NewGuid():N}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(url.GetLeftPart(UriPartial.Authority) + "/");
            try
            {
                listener.Start();
                return new WebhookRecorder(listener, url, time);
            }
            catch (HttpListenerException) when (attempt < 3)
            {
                listener.Close(); // the free port was taken in between; try another
            }
            catch (HttpListenerException e)
            {
                listener.Close();
                throw new RehearsalException("webhook", $"no loopback port could be bound: {e.Message}", e);
            }
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync().ConfigureAwait(false); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync().ConfigureAwait(false);
            var post = Parse(_time.GetUtcNow(), body);
            lock (_gate) _posts.Add(post);
            Received?.Invoke(post);
            var ok = "ok"u8.ToArray();
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/plain";
            await context.Response.OutputStream.WriteAsync(ok).ConfigureAwait(false);
            context.Response.Close();
        }
    }

    /// <summary>Reads the title (<c>✅ pipeline · 2020-11-09 · SUCCEEDED</c>) out of a Slack message body.</summary>
    internal static WebhookPost Parse(DateTimeOffset at, string body)
    {
        string? title = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                title = text.GetString();
        }
        catch (JsonException) { }
        var m = title is null ? null : TitlePattern().Match(title);
        if (m is not { Success: true }) return new WebhookPost(at, body, title, null, null, null);
        return new WebhookPost(at, body, title, m.Groups["job"].Value, DateOnly.ParseExact(m.Groups["date"].Value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), m.Groups["state"].Value);
    }

    [GeneratedRegex(@"(?<job>[A-Za-z0-9_.-]+) \u00B7 (?<date>\d{4}-\d{2}-\d{2}) \u00B7 (?<state>[A-Z]+)")]
    private static partial Regex TitlePattern();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try { await _loop.ConfigureAwait(false); }
        catch (ObjectDisposedException) { }
    }
}
