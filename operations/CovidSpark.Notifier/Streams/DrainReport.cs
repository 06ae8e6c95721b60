namespace CovidSpark.Notifier.Streams;

/// <summary>What one <see cref="StreamDrainer.DrainAsync"/> did.</summary>
public sealed record DrainReport
{
    /// <summary>The stream read.</summary>
    public required string StreamArn { get; init; }

    /// <summary>Shards read (finished shards skipped are not counted).</summary>
    public int ShardsRead { get; init; }

    /// <summary>Stream records handed to the handler.</summary>
    public int Records { get; init; }

    /// <summary>Job state changes among them.</summary>
    public int Transitions { get; init; }

    /// <summary>Messages posted.</summary>
    public int MessagesSent { get; init; }

    /// <summary>Messages skipped because they had been sent before.</summary>
    public int AlreadySent { get; init; }

    /// <summary>The shard where draining stopped at a failed record; null when everything was delivered.</summary>
    public string? StoppedShardId { get; init; }

    /// <summary>The failed record's sequence number.</summary>
    public string? StoppedAtSequenceNumber { get; init; }

    /// <summary>Why it failed.</summary>
    public Exception? Failure { get; init; }

    /// <summary><c>true</c> when the stream was read to its end and everything was delivered.</summary>
    public bool Succeeded => StoppedShardId is null;
}
