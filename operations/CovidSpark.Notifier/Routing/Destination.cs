using CovidSpark.Notifier.Secrets;
using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Routing;

/// <summary>
/// One chat room the notifier posts to.
/// </summary>
/// <param name="Name">Short name used in logs, sent marks and <c>notify test</c> (e.g. <c>team</c>, <c>oncall</c>); not secret.</param>
/// <param name="Kind">Slack, Teams or Chime.</param>
/// <param name="Webhook">Where the webhook URL is kept; null for a Slack room reached only through its <see cref="Bot"/>.</param>
/// <param name="States">States posted here; empty means every state.</param>
public sealed record Destination(string Name, DestinationKind Kind, SecretReference? Webhook, IReadOnlySet<string> States)
{
    /// <summary>Minimum time between two posts to this webhook (Slack allows about one message per second per webhook).</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Slack only: a bot token and channel. With it the room gets one thread per run (<c>chat.postMessage</c>, then
    /// <c>chat.update</c> of the state line and replies in the thread) instead of one webhook message per state.
    /// </summary>
    public SlackBot? Bot { get; init; }

    /// <summary>
    /// Who is mentioned on a date's first FAILED and on a FAILED after retries are exhausted (never otherwise):
    /// Slack <c>here</c>, <c>channel</c>, <c>subteam:S…</c> (a user group) or <c>user:U…</c>; Teams <c>&lt;id&gt;|&lt;name&gt;</c>.
    /// Null: nobody.
    /// </summary>
    public string? Mention { get; init; }

    /// <summary><c>true</c> when a transition to <paramref name="state"/> is posted here.</summary>
    public bool Wants(JobState state) => States.Count == 0 || States.Contains(state.ToWire());
}

/// <summary>A Slack app's bot token (a secret, kept in SSM) and the channel it posts to.</summary>
/// <param name="Token">Where the <c>xoxb-…</c> token is kept.</param>
/// <param name="Channel">The channel id (<c>C0123456789</c>); the bot must be a member.</param>
public sealed record SlackBot(SecretReference Token, string Channel);
