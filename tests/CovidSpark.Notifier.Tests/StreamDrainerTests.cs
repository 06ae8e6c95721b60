using Microsoft.Extensions.Logging;
using CovidSpark.Notifier.Events;
using CovidSpark.Notifier.Streams;
using CovidSpark.Notifier.Tests.Support;
using CovidSpark.Testing;

namespace CovidSpark.Notifier.Tests;

/// <summary>Poller behaviour real DynamoDB shows and moto does not: shard lineage, aged-out checkpoints, expired iterators.</summary>
[Collection(MotoCollection.Name)]
public sealed class StreamDrainerTests(MotoServer moto)
{
    [Fact]
    public void Parents_are_read_before_their_children_whatever_order_DescribeStream_lists_them()
    {
        StreamShard S(string id, string? parent) => new() { ShardId = id, ParentShardId = parent };
        var ordered = StreamDrainer.ParentsFirst([S("c2", "c1"), S("c1", "root"), S("other", "gone"), S("root", null)]);
        Assert.Equal(["other", "root", "c1", "c2"], ordered.Select(s => s.ShardId));
    }

    [Fact]
    public async Task A_checkpoint_older_than_the_stream_restarts_at_the_oldest_record_with_a_warning_and_an_expired_iterator_is_renewed()
    {
        await using var h = await NotifierHarness.CreateAsync(moto);
        h.Options = h.Options with { Destinations = [h.Options.Destinations[0]] };
        await h.Table.SubmitAsync("etl", "2020-11-09");
        var real = await h.ReadStreamAsync();
        var streams = new ScriptedStreams(real);
        var checkpoints = new MemoryCheckpoints();
        var label = (await h.Table.Client.DescribeTableAsync(h.Table.Name)).Table.LatestStreamLabel;
        await checkpoints.SaveAsync(label, ScriptedStreams.ShardId, new ShardCheckpoint("1", false), CancellationToken.None);
        var drainer = new StreamDrainer(h.Table.Client, streams, checkpoints, h.Builder().BuildFunction("drain"),
            h.LoggerFactory.CreateLogger<StreamDrainer>());

        var report = await drainer.DrainAsync(h.Table.Name, CancellationToken.None);

        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.Single(h.Slack.Requests);
        Assert.Equal(["AFTER_SEQUENCE_NUMBER:1", "TRIM_HORIZON", "TRIM_HORIZON"], streams.IteratorRequests);
        Assert.Contains(h.Logs.Lines, l => l.Contains($"[{NotifierEventIds.CheckpointTrimmed}]", StringComparison.Ordinal));
        Assert.Equal(real[0].Dynamodb!.SequenceNumber, (await checkpoints.GetAsync(label, ScriptedStreams.ShardId, CancellationToken.None))!.SequenceNumber);
    }

    private sealed class ScriptedStreams(List<DynamoDbStreamRecord> records) : IDynamoDbStreams
    {
        public const string ShardId = "shardId-00000001-aaaa";
        private bool _expiredOnce;

        public List<string> IteratorRequests { get; } = [];

        public Task<StreamDescription> DescribeStreamAsync(string streamArn, string? exclusiveStartShardId, CancellationToken cancellationToken) =>
            Task.FromResult(new StreamDescription { StreamArn = streamArn, Shards = [new StreamShard { ShardId = ShardId }] });

        public Task<string> GetShardIteratorAsync(GetShardIteratorRequest request, CancellationToken cancellationToken)
        {
            IteratorRequests.Add(request.ShardIteratorType + (request.SequenceNumber is null ? "" : ":" + request.SequenceNumber));
            if (request.ShardIteratorType == "AFTER_SEQUENCE_NUMBER" && request.SequenceNumber == "1")
                throw new StreamTrimmedException(request.StreamArn, request.ShardId);
            return Task.FromResult("it-0");
        }

        public Task<GetRecordsResponse> GetRecordsAsync(string shardIterator, int limit, CancellationToken cancellationToken)
        {
            if (!_expiredOnce)
            {
                _expiredOnce = true;
                throw new ShardIteratorExpiredException();
            }
            return Task.FromResult(shardIterator == "it-0"
                ? new GetRecordsResponse { Records = records, NextShardIterator = "it-1" }
                : new GetRecordsResponse { Records = [], NextShardIterator = "it-1" });
        }
    }

    private sealed class MemoryCheckpoints : ICheckpointStore
    {
        private readonly Dictionary<string, ShardCheckpoint> _items = [];

        public Task<ShardCheckpoint?> GetAsync(string streamLabel, string shardId, CancellationToken cancellationToken) =>
            Task.FromResult(_items.GetValueOrDefault(streamLabel + "/" + shardId));

        public Task SaveAsync(string streamLabel, string shardId, ShardCheckpoint checkpoint, CancellationToken cancellationToken)
        {
            _items[streamLabel + "/" + shardId] = checkpoint;
            return Task.CompletedTask;
        }
    }
}
