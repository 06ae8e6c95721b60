using System.Net.Http.Headers;
using System.Text;
using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Secrets;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Notifier.Delivery;

/// <summary>
/// Posts to chat services: per-attempt timeout, paced per key, retried on 429/5xx/timeouts/connection errors with
/// exponential backoff and jitter, honouring Retry-After. Other 4xx answers (bad payload, revoked or archived webhook)
/// fail at once. Neither the URL nor a token appears in a log line or an exception.
/// </summary>
public sealed class WebhookClient
{
    private const int MaxBodyInError = 200;
    private readonly HttpClient _http;
    private readonly PaceGate _pace;
    private readonly IDelay _delay;
    private readonly TimeProvider _time;
    private readonly WebhookRetryPolicy _policy;
    private readonly ILogger _logger;
    private readonly Random _random;

    /// <summary>Creates the client. <paramref name="http"/> should have no timeout of its own (the policy sets one per attempt).</summary>
    public WebhookClient(HttpClient http, PaceGate pace, IDelay delay, TimeProvider time, WebhookRetryPolicy policy, ILogger<WebhookClient> logger, Random? random = null)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _pace = pace ?? throw new ArgumentNullException(nameof(pace));
        _delay = delay ?? throw new ArgumentNullException(nameof(delay));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _random = random ?? Random.Shared;
    }

    /// <summary>Posts <paramref name="json"/> to <paramref name="destination"/>'s webhook; returns the number of attempts it took.</summary>
    /// <exception cref="WebhookDeliveryException">The post failed; <see cref="Errors.NotifierException.IsTransient"/> tells whether a later retry may work.</exception>
    public async Task<int> PostAsync(Destination destination, WebhookUrl url, string json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return (await SendAsync(new ChatRequest(destination.Name, destination.Name, destination.MinInterval, url, json) { NoRepostWhenUnanswered = true },
            cancellationToken).ConfigureAwait(false)).Attempts;
    }

    /// <summary>Sends <paramref name="request"/> with the retry policy.</summary>
    /// <exception cref="WebhookDeliveryException">The call failed; <see cref="Errors.NotifierException.IsTransient"/> tells whether a later retry may work.</exception>
    public async Task<ChatAnswer> SendAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await AttemptAsync(request, cancellationToken).ConfigureAwait(false);
            if (outcome.Success)
            {
                Log.Posted(_logger, request.Destination, request.Url.Redacted, outcome.Status!.Value, attempt);
                return new ChatAnswer(attempt, outcome.Status.Value, outcome.Body);
            }
            if (outcome.Unanswered && request.Confirm is { } confirm
                && await confirm(cancellationToken).ConfigureAwait(false) is { } arrived)
            {
                Log.ConfirmedArrival(_logger, request.Destination, attempt);
                return new ChatAnswer(attempt, 0, arrived, Confirmed: true);
            }
            if (outcome.Unanswered && request.NoRepostWhenUnanswered)
            {
                Log.Unconfirmed(_logger, request.Destination, attempt, outcome.Problem);
                return new ChatAnswer(attempt, 0, "", Unconfirmed: true);
            }
            if (!outcome.Transient) throw Fail(request, outcome, attempt, transient: false);
            if (attempt >= _policy.MaxAttempts) throw Fail(request, outcome, attempt, transient: true);
            var wait = outcome.RetryAfter ?? _policy.Backoff(attempt, _random.NextDouble());
            if (wait > _policy.MaxRetryAfter)
                throw Fail(request, outcome with { Problem = $"{outcome.Problem}; Retry-After {wait.TotalSeconds:0} s exceeds the {_policy.MaxRetryAfter.TotalSeconds:0} s the notifier waits in-process" }, attempt, transient: true);
            Log.RetryScheduled(_logger, request.Destination, attempt, outcome.Problem, (long)wait.TotalMilliseconds);
            await _delay.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private WebhookDeliveryException Fail(ChatRequest request, Outcome outcome, int attempts, bool transient)
    {
        Log.DeliveryFailed(_logger, request.Destination, attempts, outcome.Problem);
        return new WebhookDeliveryException(request.Destination, outcome.Status, attempts, transient, outcome.Problem);
    }

    private async Task<Outcome> AttemptAsync(ChatRequest r, CancellationToken cancellationToken)
    {
        using var slot = await _pace.EnterAsync(r.PaceKey, r.MinInterval, cancellationToken).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(_policy.AttemptTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var content = new SentTrackingContent(r.Body, r.ContentType, () => timeout.CancelAfter(_policy.AnswerTimeout));
        using var request = new HttpRequestMessage(HttpMethod.Post, r.Url.Reveal()) { Content = content };
        if (r.Bearer is { } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                var check = r.Check?.Invoke(body) ?? AnswerCheck.Success;
                if (check.Ok) return new Outcome(true, false, status, null, "", body);
                return new Outcome(false, check.Transient, status, check.Transient ? RetryAfter(response) : null, Clean(r, check.Problem), body);
            }
            var problem = $"HTTP {status}" + (string.IsNullOrWhiteSpace(body) ? "" : $" '{Clean(r, Formatting.Text.Truncate(body.Trim(), MaxBodyInError))}'");
            var transient = status is 429 or 408 || status >= 500;
            return new Outcome(false, transient, status, transient ? RetryAfter(response) : null, problem, body);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return content.Sent
                ? new Outcome(false, true, null, null, $"no answer within {_policy.AnswerTimeout.TotalSeconds:0.#} s of sending", "", Unanswered: true)
                : new Outcome(false, true, null, null, $"not sent within {_policy.AttemptTimeout.TotalSeconds:0.#} s", "");
        }
        catch (HttpRequestException e)
        {
            // The exception text can carry host and port; the path (the secret) is not in it, but redact anyway.
            return new Outcome(false, true, null, null, $"connection error {e.HttpRequestError}: {Clean(r, e.Message)}", "", Unanswered: content.Sent);
        }
    }

    private static string Clean(ChatRequest r, string text)
    {
        var redacted = r.Url.Redact(text);
        return r.Bearer is { } token ? token.Redact(redacted) : redacted;
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

    // Unanswered: the request may have reached the target but no answer came (timeout, connection lost mid-way).
    private readonly record struct Outcome(bool Success, bool Transient, int? Status, TimeSpan? RetryAfter, string Problem, string Body, bool Unanswered = false);

    /// <summary>The request body, noting when it has been written out whole (so a missing answer means "may have arrived").</summary>
    private sealed class SentTrackingContent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly Action _onSent;
        private int _sent;

        public SentTrackingContent(string body, string mediaType, Action onSent)
        {
            _bytes = Encoding.UTF8.GetBytes(body);
            _onSent = onSent;
            Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        }

        public bool Sent => Volatile.Read(ref _sent) == 1;

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(_bytes, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (Interlocked.Exchange(ref _sent, 1) == 0) _onSent();
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }
}
