using System.Net;
using System.Text;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Secrets;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Notifier.Delivery;

/// <summary>
/// Posts JSON to a webhook: per-attempt timeout, paced per destination, retried on 429/5xx/timeouts/connection errors
/// with exponential backoff and jitter, honouring Retry-After. Other 4xx answers (bad payload, revoked or archived
/// webhook) fail at once. The URL appears in no log line and no exception.
/// </summary>
public sealed class WebhookClient
{
    private const int MaxBodyInError = 200;
    private readonly HttpClient _http;
    private readonly PaceGate _pace;
    private readonly IDelay _delay;
    private readonly TimeProvider _time;
    private readonly RetryPolicy _policy;
    private readonly ILogger _logger;
    private readonly Random _random;

    /// <summary>Creates the client. <paramref name="http"/> should have no timeout of its own (the policy sets one per attempt).</summary>
    public WebhookClient(HttpClient http, PaceGate pace, IDelay delay, TimeProvider time, RetryPolicy policy, ILogger<WebhookClient> logger, Random? random = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _pace = pace ?? throw new ArgumentNullException(nameof(pace));
        _delay = delay ?? throw new ArgumentNullException(nameof(delay));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _random = random ?? Random.Shared;
    }

    /// <summary>Posts <paramref name="json"/> to <paramref name="destination"/>; returns the number of attempts it took.</summary>
    /// <exception cref="WebhookDeliveryException">The post failed; <see cref="Errors.NotifierException.IsTransient"/> tells whether a later retry may work.</exception>
    public async Task<int> PostAsync(Destination destination, WebhookUrl url, string json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(url);
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await AttemptAsync(destination, url, json, cancellationToken).ConfigureAwait(false);
            if (outcome.Success)
            {
                Log.Posted(_logger, destination.Name, url.Redacted, outcome.Status!.Value, attempt);
                return attempt;
            }
            if (!outcome.Transient) throw Fail(destination, outcome, attempt, transient: false);
            if (attempt >= _policy.MaxAttempts) throw Fail(destination, outcome, attempt, transient: true);
            var wait = outcome.RetryAfter ?? _policy.Backoff(attempt, _random.NextDouble());
            if (wait > _policy.MaxRetryAfter)
                throw Fail(destination, outcome with { Problem = $"{outcome.Problem}; Retry-After {wait.TotalSeconds:0} s exceeds the {_policy.MaxRetryAfter.TotalSeconds:0} s the notifier waits in-process" }, attempt, transient: true);
            Log.RetryScheduled(_logger, destination.Name, attempt, outcome.Problem, (long)wait.TotalMilliseconds);
            await _delay.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private WebhookDeliveryException Fail(Destination destination, Outcome outcome, int attempts, bool transient)
    {
        Log.DeliveryFailed(_logger, destination.Name, attempts, outcome.Problem);
        return new WebhookDeliveryException(destination.Name, outcome.Status, attempts, transient, outcome.Problem);
    }

    private async Task<Outcome> AttemptAsync(Destination destination, WebhookUrl url, string json, CancellationToken cancellationToken)
    {
        using var slot = await _pace.EnterAsync(destination.Name, destination.MinInterval, cancellationToken).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(_policy.AttemptTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, url.Reveal()) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return new Outcome(true, false, status, null, "");
            var body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            var problem = $"HTTP {status}" + (string.IsNullOrWhiteSpace(body) ? "" : $" '{url.Redact(Formatting.Text.Truncate(body.Trim(), MaxBodyInError))}'");
            var transient = status is 429 or 408 || status >= 500;
            return new Outcome(false, transient, status, transient ? RetryAfter(response) : null, problem);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new Outcome(false, true, null, null, $"no answer within {_policy.AttemptTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            // The exception text can carry host and port; the path (the secret) is not in it, but redact anyway.
            return new Outcome(false, true, null, null, $"connection error {e.HttpRequestError}: {url.Redact(e.Message)}");
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private readonly record struct Outcome(bool Success, bool Transient, int? Status, TimeSpan? RetryAfter, string Problem);
}
