using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Streams;

/// <summary>
/// Checkpoints as items of the ledger table: <c>pk = checkpoint#notify#&lt;stream label&gt;#&lt;shard id&gt;</c> with
/// <c>sequence_number</c>, <c>shard_finished</c>, <c>updated_at</c> and a two-day <c>expires_at</c> TTL (stream records
/// live 24 hours, so an older checkpoint is useless). Like sent marks they have no <c>state</c> and are ignored by the notifier.
/// Shared by everyone who drains the same table, wherever they run it.
/// </summary>
public sealed class DynamoDbCheckpointStore : ICheckpointStore
{
    private readonly IAmazonDynamoDB _ddb;
    private readonly string _table;
    private readonly TimeProvider _time;

    /// <summary>Creates the store over <paramref name="table"/>.</summary>
    public DynamoDbCheckpointStore(IAmazonDynamoDB ddb, string table, TimeProvider time)
    {
        _ddb = ddb ?? throw new ArgumentNullException(nameof(ddb));
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        _table = table;
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The checkpoint item's key.</summary>
    public static string Pk(string streamLabel, string shardId) => $"{JobImageMapper.CheckpointPrefix}notify#{streamLabel}#{shardId}";

    /// <inheritdoc />
    public async Task<ShardCheckpoint?> GetAsync(string streamLabel, string shardId, CancellationToken cancellationToken)
    {
        var pk = Pk(streamLabel, shardId);
        GetItemResponse resp;
        try
        {
            resp = await _ddb.GetItemAsync(new GetItemRequest
            {
                TableName = _table,
                Key = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = pk } },
                ConsistentRead = true,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException) { throw new StreamReadException($"read checkpoint {pk}", true, e); }
        if (resp.Item is not { Count: > 0 } item || !item.TryGetValue("sequence_number", out var seq) || string.IsNullOrEmpty(seq.S)) return null;
        return new ShardCheckpoint(seq.S, item.TryGetValue("shard_finished", out var f) && f.BOOL == true);
    }

    /// <inheritdoc />
    public async Task SaveAsync(string streamLabel, string shardId, ShardCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var pk = Pk(streamLabel, shardId);
        var now = _time.GetUtcNow();
        try
        {
            await _ddb.PutItemAsync(new PutItemRequest
            {
                TableName = _table,
                Item = new Dictionary<string, AttributeValue>
                {
                    ["pk"] = new() { S = pk },
                    ["sequence_number"] = new() { S = checkpoint.SequenceNumber },
                    ["shard_finished"] = new() { BOOL = checkpoint.ShardFinished },
                    ["updated_at"] = new() { S = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
                    ["expires_at"] = new() { N = (now + TimeSpan.FromDays(2)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
                },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException) { throw new StreamReadException($"write checkpoint {pk}", true, e); }
    }
}
