namespace CovidSpark.Notifier.Streams;

/// <summary>How far the local poller got in one shard.</summary>
/// <param name="SequenceNumber">The last record that is done (delivered or needing nothing).</param>
/// <param name="ShardFinished"><c>true</c> when the shard is closed and was read to its end.</param>
public sealed record ShardCheckpoint(string SequenceNumber, bool ShardFinished);

/// <summary>Stores the poller's position per (stream, shard), so <c>notify drain</c> resumes where it stopped.</summary>
public interface ICheckpointStore
{
    /// <summary>Reads a shard's checkpoint; null when the shard was never read.</summary>
    Task<ShardCheckpoint?> GetAsync(string streamLabel, string shardId, CancellationToken cancellationToken);

    /// <summary>Stores a shard's checkpoint.</summary>
    Task SaveAsync(string streamLabel, string shardId, ShardCheckpoint checkpoint, CancellationToken cancellationToken);
}
