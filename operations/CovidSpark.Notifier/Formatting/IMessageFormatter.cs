using CovidSpark.Notifier.Routing;
using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Formatting;

/// <summary>Turns transitions into the JSON body one chat service's webhook accepts.</summary>
public interface IMessageFormatter
{
    /// <summary>The service this formatter writes for.</summary>
    DestinationKind Kind { get; }

    /// <summary>The message for one transition; <paramref name="mention"/> (the destination's setting) is used only on the alerts
    /// that mention (<see cref="Alerts.Mentions"/>).</summary>
    string Single(JobTransition transition, string? mention = null);

    /// <summary>A notice that is not a job's state change (a daily run missing), with an optional mention.</summary>
    string Notice(string title, string text, string? mention);

    /// <summary>One digest message summarising many transitions (a burst such as a finished backfill).</summary>
    /// <param name="transitions">The transitions of this message, at most the configured digest size.</param>
    /// <param name="part">1-based number of this message within the digest.</param>
    /// <param name="parts">How many messages the digest has.</param>
    string Digest(IReadOnlyList<JobTransition> transitions, int part, int parts);

    /// <summary>A short message that proves the webhook works (<c>covidspark notify test</c>).</summary>
    string Test(string destinationName, DateTimeOffset now);
}
