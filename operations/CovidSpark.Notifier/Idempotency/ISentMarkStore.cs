namespace CovidSpark.Notifier.Idempotency;

/// <summary>
/// Claim-then-mark idempotency for chat messages. A sender claims a mark before posting, marks it sent after a
/// successful post and releases it after a failed one, so a retried batch never posts twice and a failed post is retried.
/// </summary>
/// <remarks>
/// The <c>owner</c> arguments name the sender and the record (<c>lambda:&lt;sequence&gt;</c>): the same owner
/// may take its own claim back (a Lambda retry after a timeout), another owner only after the lease expired.
/// The one window left is a crash between a successful post and its mark: then the message is posted again (at least once).
/// </remarks>
public interface ISentMarkStore
{
    /// <summary>Claims a mark.</summary>
    /// <exception cref="SentMarkStoreException">The store could not be reached.</exception>
    Task<ClaimOutcome> ClaimAsync(SentMark mark, string owner, CancellationToken cancellationToken);

    /// <summary>Records that the message was posted.</summary>
    /// <exception cref="SentMarkStoreException">The store could not be reached.</exception>
    Task MarkSentAsync(SentMark mark, string owner, CancellationToken cancellationToken);

    /// <summary>Gives a claim back after a failed post, so the next try may post.</summary>
    /// <exception cref="SentMarkStoreException">The store could not be reached.</exception>
    Task ReleaseAsync(SentMark mark, string owner, CancellationToken cancellationToken);
}
