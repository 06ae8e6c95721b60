namespace CovidSpark.Notifier.Delivery;

/// <summary>
/// Pacing of Slack Web API calls per method, below Slack's published limits: <c>chat.postMessage</c> about one message per
/// second per channel; <c>chat.update</c>, <c>conversations.history</c> and <c>conversations.replies</c> are Tier 3
/// (about 50 calls a minute). A 429 answer's <c>Retry-After</c> is honoured on top of this.
/// </summary>
public sealed record SlackApiLimits
{
    /// <summary>The limits above.</summary>
    public static SlackApiLimits Default { get; } = new();

    /// <summary>No pacing (local servers, rehearsals).</summary>
    public static SlackApiLimits None { get; } = new() { PostPerChannel = TimeSpan.Zero, Update = TimeSpan.Zero, Read = TimeSpan.Zero };

    /// <summary>Gap between two <c>chat.postMessage</c> calls to one channel.</summary>
    public TimeSpan PostPerChannel { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gap between two <c>chat.update</c> calls.</summary>
    public TimeSpan Update { get; init; } = TimeSpan.FromSeconds(1.2);

    /// <summary>Gap between two history reads (<c>conversations.history</c>, <c>conversations.replies</c>).</summary>
    public TimeSpan Read { get; init; } = TimeSpan.FromSeconds(1.2);
}
