using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using CovidSpark.Notifier.Events;
using CovidSpark.Notifier.Lambda;
using CovidSpark.Notifier.Transitions;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Notifier.Streams;

/// <summary>
/// The local stream poller behind <c>covidspark notify drain</c>: reads a table's stream from its checkpoint to the
/// current end (parents before children, page by page), hands every page to the same <see cref="NotifierFunction"/> the
/// Lambda runs, and moves the checkpoint past each record that is done. It stops at the first failed record, so the
/// next drain starts with it.
/// </summary>
public sealed class StreamDrainer
{
    private readonly IAmazonDynamoDB _ddb;
    private readonly IDynamoDbStreams _streams;
    private readonly ICheckpointStore _checkpoints;
    private readonly NotifierFunction _handler;
    private readonly ILogger _logger;

    /// <summary>Creates the poller.</summary>
    public StreamDrainer(IAmazonDynamoDB ddb, IDynamoDbStreams streams, ICheckpointStore checkpoints, NotifierFunction handler, ILogger<StreamDrainer> logger)
    {
        _ddb = ddb ?? throw new ArgumentNullException(nameof(ddb));
        _streams = streams ?? throw new ArgumentNullException(nameof(streams));
        _checkpoints = checkpoints ?? throw new ArgumentNullException(nameof(checkpoints));
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Records per GetRecords call (1–1000).</summary>
    public int PageSize { get; init; } = 1000;

    /// <summary>Consecutive empty pages after which an open shard counts as read to its end.</summary>
    public int EmptyPagesToStop { get; init; } = 2;

    /// <summary>Drains the stream of <paramref name="table"/>.</summary>
    /// <exception cref="StreamNotUsableException">The table has no stream with old and new images.</exception>
    /// <exception cref="StreamReadException">A stream or checkpoint call failed.</exception>
    public async Task<DrainReport> DrainAsync(string table, CancellationToken cancellationToken)
    {
        var streamArn = await StreamArnAsync(table, cancellationToken).ConfigureAwait(false);
        var (label, shards) = await DescribeAsync(table, streamArn, cancellationToken).ConfigureAwait(false);
        var report = new DrainReport { StreamArn = streamArn };
        foreach (var shard in ParentsFirst(shards))
        {
            report = await DrainShardAsync(streamArn, label, shard, report, cancellationToken).ConfigureAwait(false);
            if (!report.Succeeded) break;
        }
        return report;
    }

    private async Task<DrainReport> DrainShardAsync(string streamArn, string label, StreamShard shard, DrainReport report, CancellationToken cancellationToken)
    {
        var checkpoint = await _checkpoints.GetAsync(label, shard.ShardId, cancellationToken).ConfigureAwait(false);
        if (checkpoint is { ShardFinished: true }) return report;
        report = report with { ShardsRead = report.ShardsRead + 1 };
        var done = checkpoint?.SequenceNumber;
        string? iterator;
        (iterator, done) = await IteratorAsync(streamArn, shard.ShardId, done, cancellationToken).ConfigureAwait(false);
        var empty = 0;
        var renewals = 0;
        while (iterator is not null)
        {
            GetRecordsResponse page;
            try { page = await _streams.GetRecordsAsync(iterator, PageSize, cancellationToken).ConfigureAwait(false); }
            catch (ShardIteratorExpiredException) when (++renewals <= 3)
            {
                // Iterators live 15 minutes (a long page of slow webhooks can outlast one): get a fresh one at the same place.
                (iterator, done) = await IteratorAsync(streamArn, shard.ShardId, done, cancellationToken).ConfigureAwait(false);
                continue;
            }
            renewals = 0;
            Log.ShardPageRead(_logger, shard.ShardId, page.Records.Count);
            if (page.Records.Count > 0)
            {
                empty = 0;
                var outcome = await _handler.HandleBatchAsync(page.Records, cancellationToken).ConfigureAwait(false);
                report = report with
                {
                    Records = report.Records + (outcome.FirstFailedIndex ?? page.Records.Count),
                    Transitions = report.Transitions + outcome.Transitions,
                    MessagesSent = report.MessagesSent + outcome.MessagesSent,
                    AlreadySent = report.AlreadySent + outcome.AlreadySent,
                };
                var doneCount = outcome.FirstFailedIndex ?? page.Records.Count;
                if (doneCount > 0)
                {
                    var last = page.Records[doneCount - 1].Dynamodb?.SequenceNumber;
                    // Pages holding only the notifier's own items (marks, checkpoints) are not checkpointed: saving would
                    // write another stream record and the drain would chase its own tail.
                    if (last is not null && page.Records.Take(doneCount).Any(IsForeign))
                        await SaveAsync(label, shard.ShardId, new ShardCheckpoint(last, false), cancellationToken).ConfigureAwait(false);
                    done = last ?? done;
                }
                if (!outcome.Succeeded)
                {
                    Log.DrainStopped(_logger, shard.ShardId, outcome.FirstFailedSequenceNumber ?? "?");
                    return report with { StoppedShardId = shard.ShardId, StoppedAtSequenceNumber = outcome.FirstFailedSequenceNumber, Failure = outcome.Failure };
                }
            }
            else if (page.NextShardIterator is not null && ++empty >= EmptyPagesToStop)
            {
                return report;
            }
            iterator = page.NextShardIterator;
        }
        // Closed and read to the end: never read again.
        await SaveAsync(label, shard.ShardId, new ShardCheckpoint(done ?? shard.SequenceNumberRange?.EndingSequenceNumber ?? "0", true), cancellationToken).ConfigureAwait(false);
        return report;
    }

    private async Task SaveAsync(string label, string shardId, ShardCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        await _checkpoints.SaveAsync(label, shardId, checkpoint, cancellationToken).ConfigureAwait(false);
        Log.CheckpointSaved(_logger, shardId, checkpoint.SequenceNumber);
    }

    /// <summary>An iterator just after <paramref name="after"/>, or at the oldest record kept when there is no position or it aged
    /// out; returns the position it actually starts after.</summary>
    private async Task<(string Iterator, string? After)> IteratorAsync(string streamArn, string shardId, string? after, CancellationToken cancellationToken)
    {
        if (after is not null)
        {
            try
            {
                return (await _streams.GetShardIteratorAsync(new GetShardIteratorRequest
                {
                    StreamArn = streamArn, ShardId = shardId, ShardIteratorType = "AFTER_SEQUENCE_NUMBER", SequenceNumber = after,
                }, cancellationToken).ConfigureAwait(false), after);
            }
            catch (StreamTrimmedException)
            {
                Log.CheckpointTrimmed(_logger, shardId, after);
            }
        }
        return (await _streams.GetShardIteratorAsync(new GetShardIteratorRequest
        {
            StreamArn = streamArn, ShardId = shardId, ShardIteratorType = "TRIM_HORIZON",
        }, cancellationToken).ConfigureAwait(false), null);
    }

    private async Task<string> StreamArnAsync(string table, CancellationToken cancellationToken)
    {
        DescribeTableResponse resp;
        try { resp = await _ddb.DescribeTableAsync(new DescribeTableRequest { TableName = table }, cancellationToken).ConfigureAwait(false); }
        catch (ResourceNotFoundException) { throw new StreamNotUsableException(table, "the table does not exist"); }
        catch (AmazonDynamoDBException e) { throw new StreamReadException("DescribeTable", true, e); }
        var spec = resp.Table?.StreamSpecification;
        if (string.IsNullOrEmpty(resp.Table?.LatestStreamArn) || spec?.StreamEnabled != true)
            throw new StreamNotUsableException(table, "it has no stream; enable one with StreamViewType NEW_AND_OLD_IMAGES");
        if (spec.StreamViewType is { } view && view != StreamViewType.NEW_AND_OLD_IMAGES)
            throw new StreamNotUsableException(table, $"its stream has view type {view.Value}; the notifier needs NEW_AND_OLD_IMAGES to see state changes");
        return resp.Table.LatestStreamArn;
    }

    private async Task<(string Label, List<StreamShard> Shards)> DescribeAsync(string table, string streamArn, CancellationToken cancellationToken)
    {
        var shards = new List<StreamShard>();
        string? label = null, after = null;
        do
        {
            var page = await _streams.DescribeStreamAsync(streamArn, after, cancellationToken).ConfigureAwait(false);
            label ??= page.StreamLabel;
            shards.AddRange(page.Shards);
            after = page.LastEvaluatedShardId;
        }
        while (after is not null);
        label ??= streamArn[(streamArn.LastIndexOf('/') + 1)..];
        if (label.Length == 0) throw new StreamNotUsableException(table, "its stream ARN has no label");
        return (label, shards);
    }

    /// <summary>Orders shards so that a parent is always read before its children.</summary>
    internal static List<StreamShard> ParentsFirst(IReadOnlyList<StreamShard> shards)
    {
        var ids = shards.Select(s => s.ShardId).ToHashSet(StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<StreamShard>(shards.Count);
        var pending = shards.ToList();
        while (pending.Count > 0)
        {
            var ready = pending.Where(s => s.ParentShardId is null || !ids.Contains(s.ParentShardId) || placed.Contains(s.ParentShardId)).ToList();
            if (ready.Count == 0) ready = [pending[0]]; // a cycle cannot happen in DynamoDB; do not loop forever if it did
            foreach (var s in ready) { ordered.Add(s); placed.Add(s.ShardId); pending.Remove(s); }
        }
        return ordered;
    }

    private static bool IsForeign(DynamoDbStreamRecord record)
    {
        var pk = record.Dynamodb?.Keys is { } keys && keys.TryGetValue("pk", out var v) ? v.S : null;
        return pk is null || !(pk.StartsWith(JobImageMapper.NotifyMarkPrefix, StringComparison.Ordinal) || pk.StartsWith(JobImageMapper.CheckpointPrefix, StringComparison.Ordinal));
    }
}
