namespace CovidSpark.Notifier.Idempotency;

/// <summary>
/// Identifies one message: a transition (<c>job#date#attempt#state</c>) posted to one destination.
/// Stored in the ledger table as <c>pk = notify#&lt;job&gt;#&lt;date&gt;#&lt;attempt&gt;#&lt;state&gt;#&lt;destination&gt;</c> (docs/ledger.md).
/// </summary>
/// <param name="TransitionKey">See <see cref="Transitions.JobTransition.Key"/>.</param>
/// <param name="Destination">The destination's name.</param>
public sealed record SentMark(string TransitionKey, string Destination)
{
    /// <summary>The mark's key in the ledger table.</summary>
    public string Pk => $"{Transitions.JobImageMapper.NotifyMarkPrefix}{TransitionKey}#{Destination}";
}

/// <summary>What a claim on a <see cref="SentMark"/> found.</summary>
public enum ClaimOutcome
{
    /// <summary>This sender may post the message now.</summary>
    Claimed,

    /// <summary>The message was posted before: skip it.</summary>
    AlreadySent,

    /// <summary>Another sender is posting it right now (or crashed less than a lease ago): try again later.</summary>
    HeldByAnother,

    /// <summary>
    /// This sender may post it, taking over a claim whose lease ran out: the earlier sender may have posted before it
    /// stopped, so a target that can tell (Slack's Web API) is asked first.
    /// </summary>
    TakenOver,
}
