using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace CovidSpark.Notifier.Idempotency;

/// <summary>
/// Threads as items of the ledger table: <c>pk = notify#thread#&lt;thread key&gt;#&lt;destination&gt;</c> with <c>channel</c>,
/// <c>ts</c>, <c>dates</c> (a map date → state, for backfill summaries) and <c>expires_at</c> (TTL). No <c>state</c>
/// attribute, so the notifier ignores their stream records.
/// </summary>
public sealed class DynamoDbThreadStore : IThreadStore
{
    /// <summary>Key prefix of thread items.</summary>
    public const string Prefix = Transitions.JobImageMapper.NotifyMarkPrefix + "thread#";

    private readonly IAmazonDynamoDB _ddb;
    private readonly string _table;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retention;

    /// <summary>Creates the store over <paramref name="table"/>; items are kept <paramref name="retention"/>.</summary>
    public DynamoDbThreadStore(IAmazonDynamoDB ddb, string table, TimeProvider time, TimeSpan retention)
    {
        _ddb = ddb ?? throw new ArgumentNullException(nameof(ddb));
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        _table = table;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _retention = retention;
    }

    /// <inheritdoc />
    public async Task<ChatThread?> GetAsync(string threadKey, string destination, CancellationToken cancellationToken)
    {
        var pk = Pk(threadKey, destination);
        try
        {
            var resp = await _ddb.GetItemAsync(new GetItemRequest { TableName = _table, Key = Key(pk), ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
            return resp.Item is { Count: > 0 } item && item.TryGetValue("ts", out var ts) && item.TryGetValue("channel", out var ch) && ts.S is not null && ch.S is not null
                ? new ChatThread(ch.S, ts.S) : null;
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException) { throw new SentMarkStoreException(_table, pk, "read thread", e); }
    }

    /// <inheritdoc />
    public async Task<ChatThread> SaveAsync(string threadKey, string destination, ChatThread thread, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        var pk = Pk(threadKey, destination);
        try
        {
            await _ddb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(pk),
                UpdateExpression = "SET channel = :c, ts = :t, expires_at = :e",
                ConditionExpression = "attribute_not_exists(ts)",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":c"] = new() { S = thread.Channel }, [":t"] = new() { S = thread.Ts }, [":e"] = Expiry(),
                },
            }, cancellationToken).ConfigureAwait(false);
            return thread;
        }
        catch (ConditionalCheckFailedException)
        {
            return await GetAsync(threadKey, destination, cancellationToken).ConfigureAwait(false) ?? thread;
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException) { throw new SentMarkStoreException(_table, pk, "save thread", e); }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> RecordDatesAsync(string threadKey, string destination, IReadOnlyDictionary<string, string> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        var pk = Pk(threadKey, destination);
        try
        {
            // The map must exist before its entries can be set; creating it is a no-op when it does.
            await _ddb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table, Key = Key(pk),
                UpdateExpression = "SET dates = if_not_exists(dates, :empty), expires_at = :e",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":empty"] = new() { M = new Dictionary<string, AttributeValue>() }, [":e"] = Expiry() },
            }, cancellationToken).ConfigureAwait(false);
            Dictionary<string, AttributeValue>? latest = null;
            foreach (var chunk in states.Chunk(50))
            {
                var names = new Dictionary<string, string>();
                var values = new Dictionary<string, AttributeValue>();
                var sets = new List<string>();
                for (var i = 0; i < chunk.Length; i++)
                {
                    names[$"#d{i}"] = chunk[i].Key;
                    values[$":s{i}"] = new() { S = chunk[i].Value };
                    sets.Add($"dates.#d{i} = :s{i}");
                }
                var resp = await _ddb.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = _table, Key = Key(pk), UpdateExpression = "SET " + string.Join(", ", sets),
                    ExpressionAttributeNames = names, ExpressionAttributeValues = values, ReturnValues = ReturnValue.ALL_NEW,
                }, cancellationToken).ConfigureAwait(false);
                latest = resp.Attributes;
            }
            return latest is not null && latest.TryGetValue("dates", out var dates) && dates.M is { } m
                ? m.Where(kv => kv.Value.S is not null).ToDictionary(kv => kv.Key, kv => kv.Value.S, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException) { throw new SentMarkStoreException(_table, pk, "record dates", e); }
    }

    private AttributeValue Expiry() => new() { N = (_time.GetUtcNow() + _retention).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };

    private static string Pk(string threadKey, string destination) => $"{Prefix}{threadKey}#{destination}";

    private static Dictionary<string, AttributeValue> Key(string pk) => new() { ["pk"] = new() { S = pk } };
}
