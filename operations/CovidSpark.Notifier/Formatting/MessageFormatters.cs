using CovidSpark.Notifier.Routing;

namespace CovidSpark.Notifier.Formatting;

/// <summary>The formatter of each chat service.</summary>
public static class MessageFormatters
{
    /// <summary>A formatter for <paramref name="kind"/>.</summary>
    public static IMessageFormatter For(DestinationKind kind) => kind switch
    {
        DestinationKind.Slack => new SlackMessageFormatter(),
        DestinationKind.Chime => new ChimeMessageFormatter(),
        DestinationKind.Teams => new TeamsMessageFormatter(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown destination kind"),
    };
}
