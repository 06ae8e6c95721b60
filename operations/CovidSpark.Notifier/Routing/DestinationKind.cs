namespace CovidSpark.Notifier.Routing;

/// <summary>The chat service a destination posts to; decides the message format.</summary>
public enum DestinationKind
{
    /// <summary>Slack: incoming webhook (Block Kit JSON), or the Web API with a bot token (one thread per run).</summary>
    Slack,

    /// <summary>
    /// Amazon Chime incoming webhook (<c>{"Content": "/md …"}</c>). Amazon Chime reached end of support on 2026-02-20
    /// (<see cref="Formatting.ChimeMessageFormatter.EndOfSupportNotice"/>); kept for accounts that still have it.
    /// </summary>
    Chime,

    /// <summary>Microsoft Teams "Workflows" incoming webhook posting an Adaptive Card.</summary>
    Teams,
}
