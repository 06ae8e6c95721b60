using CovidSpark.Ledger;
namespace CovidSpark.Notifier.Transitions;

/// <summary>
/// A change of a job's state seen on the stream: what the team is told about.
/// </summary>
/// <param name="SequenceNumber">The stream record's sequence number.</param>
/// <param name="Previous">The state before the change; null when the item was just created.</param>
/// <param name="Current">The item after the change.</param>
/// <param name="Region">AWS region of the table, used for console links.</param>
public sealed record JobTransition(string SequenceNumber, JobState? Previous, JobSnapshot Current, string Region)
{
    /// <summary>What the change means as an alert (set by the processor from <see cref="Alerts.Classify"/>).</summary>
    public AlertKind Alert { get; init; }

    /// <summary>
    /// The identity of this transition for idempotency: <c>&lt;job&gt;#&lt;date&gt;#&lt;attempt&gt;#&lt;state&gt;</c>.
    /// A retried batch produces the same key, so a sent mark stops a second post.
    /// </summary>
    public string Key => $"{Current.Job}#{LedgerFormats.FormatDate(Current.DataDate)}#{Current.Attempt}#{Current.State.ToWire()}";
}
