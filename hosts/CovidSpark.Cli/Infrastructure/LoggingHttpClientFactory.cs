using Amazon.Runtime;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Cli.Infrastructure;

/// <summary>
/// The AWS SDK's HTTP clients for the CLI: a connection attempt gives up after <paramref name="connectTimeout"/> (an unreachable
/// endpoint fails in seconds, not after the operating system's minutes), and every attempt — the SDK's retries included — is
/// logged, so <c>-v</c> shows what is being retried and why.
/// </summary>
internal sealed partial class LoggingHttpClientFactory(TimeSpan connectTimeout, ILogger logger) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new AttemptLogger(new SocketsHttpHandler { ConnectTimeout = connectTimeout }, logger)) { Timeout = Timeout.InfiniteTimeSpan };

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private sealed class AttemptLogger(HttpMessageHandler inner, ILogger logger) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = request.Headers.TryGetValues("X-Amz-Target", out var t) ? string.Join(",", t) : request.Method.Method;
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                LogAttempt(logger, target, request.RequestUri?.Authority ?? "?", (int)response.StatusCode);
                return response;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                LogAttemptFailed(logger, target, request.RequestUri?.Authority ?? "?", e.Message);
                throw;
            }
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "{Target} to {Host}: HTTP {Status}")]
    private static partial void LogAttempt(ILogger logger, string target, string host, int status);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Debug, Message = "{Target} to {Host} failed: {Error} (the SDK retries a transport failure a few times)")]
    private static partial void LogAttemptFailed(ILogger logger, string target, string host, string error);
}
