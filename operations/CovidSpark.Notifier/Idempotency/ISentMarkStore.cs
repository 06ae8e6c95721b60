namespace CovidSpark.Notifier.Idempotency;

/// <summary>
/// Claim-then-mark idempotency for chat messages. A sender claims a mark before posting, marks it sent after a
/// successful post and releases it after a failed one, so a retried batch never posts twice and a failed post is retried.
/// </summary>
/// <remarks>
/// The <c>owner</c> arguments are unique per invocation (<c>lambda:&lt;invocation&gt;:&lt;sequence&gt;</c>): another owner may
/// take a claim over only after its lease expired (<see cref="ClaimOutcome.TakenOver"/>). The one window left is a crash
/// between a successful post and its mark: a Slack thread room then finds the message by its metadata key and adopts it;
/// a webhook room (Teams, Slack webhook, Chime) cannot be asked, so the message is posted again (at least once).
/// </remarks>
public interface ISentMarkStore
{
    /// <summary>Claims a mark.</summary>
    /// <exception cref="SentMarkStoreException">The store could not be reached.</exception>
    Task<ClaimOutcome> ClaimAsync(SentMark mark, string owner, CancellationToken cancellationToken);

    /// <summary>Records that the message was posted, with the message's id where the target gave one (Slack's <c>ts</c>).</summary>
    /// <exception cref="SentMarkStoreException">The store could not be reached.</exception>
    Task MarkSentAsync(SentMark mark, string owner, CancellationToken cancellationToken, string? messageId = null);

    /// <summary>Gives a claim back after a failed post, so the next try may post.</summary>
    /// <exception cref="SentMarkStoreException">The store could not be reached.</exception>
    Task ReleaseAsync(SentMark mark, string owner, CancellationToken cancellationToken);
}
