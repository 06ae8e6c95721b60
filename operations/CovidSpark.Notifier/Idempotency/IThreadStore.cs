namespace CovidSpark.Notifier.Idempotency;

/// <summary>A chat thread the notifier opened: the channel and the <c>ts</c> of its first message.</summary>
/// <param name="Channel">The Slack channel id.</param>
/// <param name="Ts">The root message's <c>ts</c> (Slack's message id).</param>
public sealed record ChatThread(string Channel, string Ts);

/// <summary>
/// Where the notifier keeps the threads it opened, so later states of the same run update that message and reply in its
/// thread. Stored next to the sent marks (<c>pk = notify#thread#&lt;thread key&gt;#&lt;destination&gt;</c>).
/// </summary>
public interface IThreadStore
{
    /// <summary>The thread opened for <paramref name="threadKey"/> in <paramref name="destination"/>, or null.</summary>
    /// <exception cref="SentMarkStoreException">The store could not be reached.</exception>
    Task<ChatThread?> GetAsync(string threadKey, string destination, CancellationToken cancellationToken);

    /// <summary>Records a thread; when one is recorded already, keeps the first and returns it.</summary>
    /// <exception cref="SentMarkStoreException">The store could not be reached.</exception>
    Task<ChatThread> SaveAsync(string threadKey, string destination, ChatThread thread, CancellationToken cancellationToken);

    /// <summary>
    /// Records the states of some dates of a summary thread (a backfill's) and returns every date's state recorded so far.
    /// Setting a date to the state it has is a no-op, so a retried batch counts nothing twice.
    /// </summary>
    /// <exception cref="SentMarkStoreException">The store could not be reached.</exception>
    Task<IReadOnlyDictionary<string, string>> RecordDatesAsync(string threadKey, string destination, IReadOnlyDictionary<string, string> states, CancellationToken cancellationToken);
}
