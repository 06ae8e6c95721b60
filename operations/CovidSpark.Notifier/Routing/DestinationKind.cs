namespace CovidSpark.Notifier.Routing;

/// <summary>The chat service a destination posts to; decides the message format.</summary>
public enum DestinationKind
{
    /// <summary>Slack incoming webhook (Block Kit JSON).</summary>
    Slack,

    /// <summary>Amazon Chime incoming webhook (<c>{"Content": "/md …"}</c>).</summary>
    Chime,
}
