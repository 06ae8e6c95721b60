namespace CovidSpark.Spark.Connect;

/// <summary>
/// How calls are retried after a transient failure (server unavailable, execution stream dropped):
/// exponential backoff from <see cref="InitialBackoff"/> multiplied by <see cref="Multiplier"/> per attempt,
/// capped at <see cref="MaxBackoff"/>, plus up to <see cref="Jitter"/> of random extra delay.
/// Non-transient failures (analysis errors, bad requests) are never retried.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Five retries from 50 ms up to 10 s, ×4 each time, jitter 500 ms — close to Spark's own clients.</summary>
    public static RetryPolicy Default { get; } = new();

    /// <summary>No retries: the first failure is thrown.</summary>
    public static RetryPolicy None { get; } = new() { MaxRetries = 0 };

    /// <summary>Retries after the first attempt; for executions, counted since the last response that arrived.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>Delay before the first retry.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Upper bound of the exponential delay (before jitter).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Factor applied to the delay after each retry.</summary>
    public double Multiplier { get; init; } = 4.0;

    /// <summary>Random extra delay, from zero up to this, so many clients do not retry in lockstep.</summary>
    public TimeSpan Jitter { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The delay before retry number <paramref name="attempt"/> (0-based), without jitter.</summary>
    public TimeSpan BackoffFor(int attempt)
    {
        var ms = InitialBackoff.TotalMilliseconds * Math.Pow(Multiplier, attempt);
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxBackoff.TotalMilliseconds));
    }
}
