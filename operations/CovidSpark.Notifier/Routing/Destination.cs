using CovidSpark.Notifier.Secrets;
using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Routing;

/// <summary>
/// One chat room the notifier posts to.
/// </summary>
/// <param name="Name">Short name used in logs, sent marks and <c>notify test</c> (e.g. <c>team</c>, <c>oncall</c>); not secret.</param>
/// <param name="Kind">Slack or Chime.</param>
/// <param name="Webhook">Where the webhook URL is kept.</param>
/// <param name="States">States posted here; empty means every state.</param>
public sealed record Destination(string Name, DestinationKind Kind, SecretReference Webhook, IReadOnlySet<string> States)
{
    /// <summary>Minimum time between two posts to this webhook (Slack allows about one message per second per webhook).</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>true</c> when a transition to <paramref name="state"/> is posted here.</summary>
    public bool Wants(JobState state) => States.Count == 0 || States.Contains(state.Name);
}
