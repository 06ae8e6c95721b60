using CovidSpark.Notifier.Delivery;

namespace CovidSpark.Notifier.Routing;

/// <summary>Everything the notifier is configured with (immutable; change with <c>with</c>).</summary>
public sealed record NotifierOptions
{
    /// <summary>The rooms to post to.</summary>
    public required IReadOnlyList<Destination> Destinations { get; init; }

    /// <summary>
    /// When one batch holds more than this many messages for one destination, they are sent as digest messages
    /// instead (a backfill finishing 100 jobs gives a few digests, not 100 posts).
    /// </summary>
    public int DigestThreshold { get; init; } = 5;

    /// <summary>Transitions per digest message.</summary>
    public int DigestSize { get; init; } = 25;

    /// <summary>Region used for console links when a record does not name one.</summary>
    public string DefaultRegion { get; init; } = "us-east-1";

    /// <summary>Timeouts and retries of each webhook post.</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>
    /// How long a claim on a (transition, destination) protects it from a concurrent sender; an older claim
    /// (a crashed sender) may be taken over.
    /// </summary>
    public TimeSpan ClaimLease { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long sent marks are kept (DynamoDB TTL on <c>expires_at</c>); longer than stream retention (24 h).</summary>
    public TimeSpan MarkRetention { get; init; } = TimeSpan.FromDays(7);
}
