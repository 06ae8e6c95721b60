namespace CovidSpark.Aws;

/// <summary>
/// How <see cref="AwsJsonClient"/> retries: exponential backoff with full jitter on throttling, 5xx and transport failures.
/// Attempt <c>n</c> (1-based) waits a random time in <c>[0, min(MaxBackoff, InitialBackoff · Multiplier^(n-1))]</c>.
/// </summary>
/// <param name="MaxAttempts">Total attempts including the first; 1 disables retries.</param>
/// <param name="InitialBackoff">Upper bound of the first wait.</param>
/// <param name="MaxBackoff">Cap of any single wait.</param>
/// <param name="Multiplier">Growth of the bound between attempts.</param>
public sealed record AwsRetryPolicy(int MaxAttempts, TimeSpan InitialBackoff, TimeSpan MaxBackoff, double Multiplier = 2.0)
{
    /// <summary>5 attempts, 100 ms first bound, 5 s cap — close to the SDK's standard mode.</summary>
    public static AwsRetryPolicy Default { get; } = new(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

    /// <summary>No retry at all.</summary>
    public static AwsRetryPolicy None { get; } = new(1, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>Error codes AWS uses for throttling; these are retried whatever the HTTP status.</summary>
    public static IReadOnlySet<string> ThrottlingCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    /// <summary>The upper bound of the wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan BackoffBound(int attempt)
    {
        var bound = InitialBackoff.TotalMilliseconds * Math.Pow(Multiplier, Math.Max(0, attempt - 1));
        return TimeSpan.FromMilliseconds(Math.Min(bound, MaxBackoff.TotalMilliseconds));
    }

    /// <summary>The jittered wait after failed attempt <paramref name="attempt"/>; <paramref name="unit"/> is a random number in [0,1).</summary>
    public TimeSpan Backoff(int attempt, double unit) => TimeSpan.FromMilliseconds(BackoffBound(attempt).TotalMilliseconds * unit);

    /// <summary>Whether a service error is worth another attempt: throttling codes, HTTP 429 and 5xx.</summary>
    public static bool IsRetryable(int statusCode, string? errorCode) =>
        statusCode == 429 || statusCode >= 500 || (errorCode is not null && ThrottlingCodes.Contains(errorCode));
}
