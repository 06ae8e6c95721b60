namespace CovidSpark.Notifier.Processing;

/// <summary>What processing one batch of stream records achieved.</summary>
public sealed record BatchOutcome
{
    /// <summary>Records in the batch.</summary>
    public required int Records { get; init; }

    /// <summary>Records that were job state changes.</summary>
    public int Transitions { get; init; }

    /// <summary>Messages posted (a digest counts once).</summary>
    public int MessagesSent { get; init; }

    /// <summary>Messages skipped because they had been sent before.</summary>
    public int AlreadySent { get; init; }

    /// <summary>Index of the first record that is not done; null when the whole batch is done.</summary>
    public int? FirstFailedIndex { get; init; }

    /// <summary>Sequence number of that record (what Lambda's partial batch response reports).</summary>
    public string? FirstFailedSequenceNumber { get; init; }

    /// <summary>Why that record failed.</summary>
    public Exception? Failure { get; init; }

    /// <summary><c>true</c> when every record is done.</summary>
    public bool Succeeded => FirstFailedIndex is null;
}
