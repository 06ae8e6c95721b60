using System.Net;
using System.Text;

namespace CovidSpark.Rehearsal.Hosting;

/// <summary>One request a loopback server received: path (e.g. <c>/api/chat.update</c>), headers and the body as text.</summary>
/// <param name="Path">The URL path.</param>
/// <param name="ContentType">The Content-Type header, if any.</param>
/// <param name="Authorization">The Authorization header, if any.</param>
/// <param name="Body">The body (UTF-8).</param>
internal sealed record LoopbackRequest(string Path, string? ContentType, string? Authorization, string Body);

/// <summary>What a loopback server answers.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="ContentType">Content-Type of <paramref name="Body"/>.</param>
/// <param name="Body">The body.</param>
/// <param name="RetryAfterSeconds">A <c>Retry-After</c> header, when set.</param>
internal sealed record LoopbackAnswer(int Status, string ContentType, string Body, int? RetryAfterSeconds = null);

/// <summary>
/// The HTTP part every local chat server of the rehearsal shares: an HttpListener on 127.0.0.1 and a free port, a loop that
/// reads each request and answers what the server's handler says, and a clean stop.
/// </summary>
internal sealed class LoopbackListener : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<LoopbackRequest, LoopbackAnswer> _handle;
    private readonly Task _loop;

    private LoopbackListener(HttpListener listener, Uri root, Func<LoopbackRequest, LoopbackAnswer> handle)
    {
        _listener = listener;
        _handle = handle;
        Root = root;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri Root { get; }

    /// <summary>Starts listening on a free loopback port; <paramref name="what"/> names the server in errors.</summary>
    /// <exception cref="RehearsalException">No port could be bound.</exception>
    public static LoopbackListener Start(string what, Func<LoopbackRequest, LoopbackAnswer> handle)
    {
        for (var attempt = 0; ; attempt++)
        {
            var root = new Uri($"http://127.0.0.1:{MotoProcess.FreePort()}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(root.AbsoluteUri);
            try
            {
                listener.Start();
                return new LoopbackListener(listener, root, handle);
            }
            catch (HttpListenerException) when (attempt < 3)
            {
                listener.Close(); // the free port was taken in between; try another
            }
            catch (HttpListenerException e)
            {
                listener.Close();
                throw new RehearsalException(what, $"no loopback port could be bound: {e.Message}", e);
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
            var answer = _handle(new LoopbackRequest(context.Request.Url?.AbsolutePath ?? "/", context.Request.ContentType, context.Request.Headers["Authorization"], body));
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = answer.ContentType;
            if (answer.RetryAfterSeconds is { } wait) context.Response.Headers["Retry-After"] = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(answer.Body)).ConfigureAwait(false);
                context.Response.Close();
            }
            catch (HttpListenerException) { } // the client went away; the next request goes on
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try { await _loop.ConfigureAwait(false); }
        catch (ObjectDisposedException) { }
    }
}
