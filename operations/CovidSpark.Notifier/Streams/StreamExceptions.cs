using CovidSpark.Notifier.Errors;

namespace CovidSpark.Notifier.Streams;

/// <summary>The data asked for has aged out of the stream (older than 24 hours).</summary>
public sealed class StreamTrimmedException(string streamArn, string shardId, Exception? inner = null)
    : NotifierException($"Stream {streamArn}, shard {shardId}: the checkpoint is older than the stream's retention; records in between are gone.", inner)
{
    /// <summary>The stream.</summary>
    public string StreamArn { get; } = streamArn;

    /// <summary>The shard.</summary>
    public string ShardId { get; } = shardId;

    /// <inheritdoc />
    public override bool IsTransient => false;
}

/// <summary>A shard iterator expired (they live 15 minutes); get a new one from the checkpoint.</summary>
public sealed class ShardIteratorExpiredException(Exception? inner = null)
    : NotifierException("The shard iterator has expired.", inner)
{
    /// <inheritdoc />
    public override bool IsTransient => true;
}

/// <summary>The table has no stream, or not one with NEW_AND_OLD_IMAGES.</summary>
public sealed class StreamNotUsableException(string table, string problem)
    : NotifierException($"Table '{table}': {problem}")
{
    /// <summary>The table.</summary>
    public string Table { get; } = table;

    /// <inheritdoc />
    public override bool IsTransient => false;
}

/// <summary>A DynamoDB Streams call failed.</summary>
public sealed class StreamReadException(string operation, bool isTransient, Exception inner)
    : NotifierException($"DynamoDB Streams {operation} failed: {inner?.Message}", inner)
{
    /// <summary>The operation.</summary>
    public string Operation { get; } = operation;

    /// <inheritdoc />
    public override bool IsTransient { get; } = isTransient;
}
