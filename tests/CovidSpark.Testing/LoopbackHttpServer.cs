using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace CovidSpark.Testing;

/// <summary>One request as the <see cref="LoopbackHttpServer"/> received it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset ReceivedAt);

/// <summary>What the server answers: status, body and headers.</summary>
public sealed record ScriptedResponse(int Status, string Body = "", IReadOnlyDictionary<string, string>? Headers = null)
{
    public static ScriptedResponse Ok(string body = "ok") => new(200, body);
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (HttpListener) that records every request and answers from a script:
/// plays Slack/Chime webhooks, the Lambda Runtime API or any fake cloud endpoint in tests.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Func<RecordedRequest, ScriptedResponse> _respond;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    public LoopbackHttpServer(Func<RecordedRequest, ScriptedResponse>? respond = null)
    {
        _respond = respond ?? (_ => ScriptedResponse.Ok());
        var port = MotoServer.FreePort();
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUri.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Scripted answers taken in order; the last one repeats.</summary>
    public static LoopbackHttpServer Sequence(params ScriptedResponse[] responses)
    {
        var i = 0;
        return new LoopbackHttpServer(_ => responses[Math.Min(Interlocked.Increment(ref i) - 1, responses.Length - 1)]);
    }

    public Uri BaseUri { get; }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (HttpListenerException) { return; }
            catch (ObjectDisposedException) { return; }
            _ = Task.Run(() => HandleAsync(ctx));
        }
    }

    private async Task HandleAsync(HttpListenerContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = ctx.Request.Headers.AllKeys.Where(k => k is not null)
            .ToDictionary(k => k!, k => ctx.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
        var req = new RecordedRequest(ctx.Request.HttpMethod, ctx.Request.Url?.PathAndQuery ?? "/", headers, body, DateTimeOffset.UtcNow);
        _requests.Enqueue(req);
        ScriptedResponse resp;
        try { resp = _respond(req); }
        catch (Exception e) { resp = new ScriptedResponse(500, e.Message); }
        ctx.Response.StatusCode = resp.Status;
        foreach (var (k, v) in resp.Headers ?? new Dictionary<string, string>())
            ctx.Response.Headers[k] = v;
        var bytes = Encoding.UTF8.GetBytes(resp.Body);
        ctx.Response.ContentLength64 = bytes.Length;
        await ctx.Response.OutputStream.WriteAsync(bytes);
        ctx.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try { await _loop; } catch (Exception) { }
        _stop.Dispose();
    }
}
