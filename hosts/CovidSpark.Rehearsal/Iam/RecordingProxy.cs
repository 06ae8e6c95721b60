using System.Collections.Concurrent;
using System.Net;
using CovidSpark.Rehearsal.Hosting;

namespace CovidSpark.Rehearsal.Iam;

/// <summary>One AWS call a rehearsed function made, with IAM's verdict on each authorisation it needs.</summary>
/// <param name="Principal">Which function called (by the access key it signed with).</param>
/// <param name="Authorization">The action, resource and condition context.</param>
/// <param name="Status">moto's HTTP status.</param>
public sealed record RecordedCall(string Principal, AwsAuthorization Authorization, int Status);

/// <summary>
/// A loopback reverse proxy in front of moto_server that lists every AWS action each rehearsed function calls. The functions
/// (and the job processes) use the proxy's URL as their endpoint; it forwards each request byte for byte (the Host header too,
/// so moto verifies the SigV4 signature the caller computed), and records the caller — known by the access key in the
/// signature — with the authorisations <see cref="AwsRequestClassifier"/> derives. Requests signed with keys it does not know
/// are forwarded but not recorded.
/// </summary>
public sealed class RecordingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Expect", "Keep-Alive", "Proxy-Connection", "TE", "Upgrade",
    };

    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false }) { Timeout = TimeSpan.FromMinutes(2) };
    private readonly Uri _target;
    private readonly AwsRequestClassifier _classifier;
    private readonly IReadOnlyDictionary<string, string> _principals;
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    private RecordingProxy(Uri target, AwsRequestClassifier classifier, IReadOnlyDictionary<string, string> principals, int port)
    {
        _target = target;
        _classifier = classifier;
        _principals = principals;
        Url = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"{Url}");
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>The proxy's endpoint, to give the functions instead of moto's.</summary>
    public Uri Url { get; }

    /// <summary>Every call recorded so far, in arrival order.</summary>
    public IReadOnlyList<RecordedCall> Calls => _calls.ToList();

    /// <summary>Starts a proxy for <paramref name="target"/> on a free loopback port.</summary>
    /// <param name="target">moto_server.</param>
    /// <param name="classifier">Derives actions and resources.</param>
    /// <param name="principals">Access key id → function name.</param>
    public static RecordingProxy Start(Uri target, AwsRequestClassifier classifier, IReadOnlyDictionary<string, string> principals)
    {
        for (var attempt = 0; ; attempt++)
        {
            try { return new RecordingProxy(target, classifier, principals, MotoProcess.FreePort()); }
            catch (HttpListenerException) when (attempt < 5) { }
            catch (HttpListenerException e) { throw new RehearsalException("recording proxy", $"no free loopback port to listen on: {e.Message}", e); }
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync().ConfigureAwait(false); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => ForwardAsync(context));
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            using var buffer = new MemoryStream();
            await request.InputStream.CopyToAsync(buffer).ConfigureAwait(false);
            var body = buffer.ToArray();
            var path = request.RawUrl ?? "/";
            using var message = new HttpRequestMessage(new HttpMethod(request.HttpMethod), new Uri(_target, path));
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (body.Length > 0 || request.HttpMethod is "PUT" or "POST") message.Content = new ByteArrayContent(body);
            foreach (var name in request.Headers.AllKeys.OfType<string>())
            {
                var value = request.Headers[name] ?? "";
                headers[name] = value;
                if (HopHeaders.Contains(name)) continue;
                if (!message.Headers.TryAddWithoutValidation(name, value)) message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
            message.Headers.Host = request.Headers["Host"];
            using var answer = await _upstream.SendAsync(message, HttpCompletionOption.ResponseContentRead, _stop.Token).ConfigureAwait(false);
            var responseBody = await answer.Content.ReadAsByteArrayAsync(_stop.Token).ConfigureAwait(false);
            Record(new WireExchange(request.HttpMethod, path, headers, body, (int)answer.StatusCode, responseBody));

            response.StatusCode = (int)answer.StatusCode;
            foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
                if (!HopHeaders.Contains(name)) response.Headers[name] = string.Join(",", values);
            response.ContentLength64 = responseBody.Length;
            if (request.HttpMethod != "HEAD") await response.OutputStream.WriteAsync(responseBody, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or HttpListenerException or OperationCanceledException or ObjectDisposedException)
        {
            try { response.StatusCode = 502; } catch (InvalidOperationException) { }
        }
        finally
        {
            try { response.Close(); } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { }
        }
    }

    private void Record(WireExchange exchange)
    {
        if (AwsRequestClassifier.AccessKeyOf(exchange.Headers) is not { } key || !_principals.TryGetValue(key, out var principal)) return;
        foreach (var authorization in _classifier.Classify(exchange))
            _calls.Enqueue(new RecordedCall(principal, authorization, exchange.Status));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Close();
        try { await _loop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        _upstream.Dispose();
        _stop.Dispose();
    }
}
