namespace CovidSpark.Notifier.Delivery;

/// <summary>
/// How a webhook post is retried: on 429, 5xx, timeouts and connection errors, with exponential backoff and jitter;
/// a <c>Retry-After</c> answer is waited out instead of the backoff when it is longer.
/// </summary>
public sealed record WebhookRetryPolicy
{
    /// <summary>5 attempts, 1 s doubling to 16 s, 10 s per attempt to send and 30 s more for the answer, Retry-After honoured up to 60 s.</summary>
    public static WebhookRetryPolicy Default { get; } = new();

    /// <summary>Attempts in total, the first included.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Backoff before the second attempt.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest backoff.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(16);

    /// <summary>Factor between consecutive backoffs.</summary>
    public double Multiplier { get; init; } = 2.0;

    /// <summary>
    /// Fraction of each backoff that is random (0 = none, 1 = "full jitter"); spreads retries of many senders.
    /// </summary>
    public double Jitter { get; init; } = 0.5;

    /// <summary>Time allowed for one attempt to connect and send the request (and to answer, if it answers sooner).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Once the whole request has been sent, how long the answer may take (counted from then). A message that got no answer
    /// by then may have arrived: see <see cref="ChatRequest.NoRepostWhenUnanswered"/>.
    /// </summary>
    public TimeSpan AnswerTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest Retry-After the sender waits in-process; a longer one fails the post as transient, so the batch is
    /// retried later by Lambda (or the next drain) instead of holding the invocation.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The backoff before attempt <paramref name="attempt"/> + 1, given a random number in [0, 1).</summary>
    public TimeSpan Backoff(int attempt, double random)
    {
        var exp = InitialBackoff.TotalMilliseconds * Math.Pow(Multiplier, Math.Max(0, attempt - 1));
        var capped = Math.Min(exp, MaxBackoff.TotalMilliseconds);
        var jitter = Math.Clamp(Jitter, 0, 1);
        return TimeSpan.FromMilliseconds(capped * (1 - jitter) + capped * jitter * random);
    }
}
