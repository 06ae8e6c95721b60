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

    /// <summary>
    /// Attempts the retries allow (<c>covidspark retry-failed</c> up to this attempt): a FAILED attempt at or past it is
    /// "retries exhausted" and mentions the room's <see cref="Destination.Mention"/>.
    /// </summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The "daily run missing" check; null when off.</summary>
    public MissingRunOptions? MissingRun { get; init; }

    /// <summary>Region used for console links when a record does not name one.</summary>
    public string DefaultRegion { get; init; } = "us-east-1";

    /// <summary>The Slack Web API base (<c>https://slack.com/api/</c>; a local server in tests and rehearsals).</summary>
    public Uri SlackApiUrl { get; init; } = SlackApiClient.DefaultBaseUrl;

    /// <summary>
    /// Lets webhook URLs and the Slack API URL be plain http or point to any host (<c>COVIDSPARK_ALLOW_INSECURE_WEBHOOKS=1</c>):
    /// for local tests and rehearsals only; off, every URL must be https to its service's known hosts (<see cref="Secrets.WebhookHosts"/>).
    /// </summary>
    public bool AllowInsecureWebhooks { get; init; }

    /// <summary>
    /// How long a sender waits, per room and batch, for messages another sender is posting right now (a concurrent drain or
    /// invocation) before it gives up and reports the record for a later retry.
    /// </summary>
    public TimeSpan ClaimWait { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Pacing of Slack Web API calls per method.</summary>
    public SlackApiLimits SlackLimits { get; init; } = SlackApiLimits.Default;

    /// <summary>Timeouts and retries of each webhook post.</summary>
    public WebhookRetryPolicy Retry { get; init; } = WebhookRetryPolicy.Default;

    /// <summary>
    /// How long a claim on a (transition, destination) protects it from a concurrent sender; an older claim
    /// (a crashed sender) may be taken over.
    /// </summary>
    public TimeSpan ClaimLease { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// What the configuration check found worth saying without refusing the configuration (a Chime room, insecure webhooks
    /// allowed); the CLI prints these at start, the Lambda logs them.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>How long sent marks are kept (DynamoDB TTL on <c>expires_at</c>); longer than stream retention (24 h).</summary>
    public TimeSpan MarkRetention { get; init; } = TimeSpan.FromDays(7);
}
