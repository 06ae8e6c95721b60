using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace CovidSpark.Notifier.Idempotency;

/// <summary>
/// Threads as items of the ledger table: <c>pk = notify#thread#&lt;thread key&gt;#&lt;destination&gt;</c> with <c>channel</c>,
/// <c>ts</c>, <c>dates</c> (a map date → state, for backfill summaries), <c>rev</c> and <c>expires_at</c> (TTL). No <c>state</c>
/// attribute, so the notifier ignores their stream records. Written with GetItem and conditional PutItem only (read, change,
/// put if <c>rev</c> is still what was read), the actions the notifier's role already has for its sent marks.
/// </summary>
public sealed class DynamoDbThreadStore : IThreadStore
{
    /// <summary>Key prefix of thread items.</summary>
    public const string Prefix = Transitions.JobImageMapper.NotifyMarkPrefix + "thread#";

    private const int MaxConflicts = 20;
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
        return Thread(await ReadAsync(pk, "read thread", cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<ChatThread> SaveAsync(string threadKey, string destination, ChatThread thread, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        var saved = await ModifyAsync(Pk(threadKey, destination), "save thread", item =>
        {
            if (Thread(item) is not null) return false; // the first thread recorded stays
            item["channel"] = new() { S = thread.Channel };
            item["ts"] = new() { S = thread.Ts };
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return Thread(saved) ?? thread;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> RecordDatesAsync(string threadKey, string destination, IReadOnlyDictionary<string, string> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        var saved = await ModifyAsync(Pk(threadKey, destination), "record dates", item =>
        {
            var dates = item.TryGetValue("dates", out var d) && d.M is { } m ? m : new Dictionary<string, AttributeValue>();
            var changed = false;
            foreach (var (date, state) in states)
            {
                if (dates.TryGetValue(date, out var old) && old.S == state) continue;
                dates[date] = new() { S = state };
                changed = true;
            }
            item["dates"] = new() { M = dates };
            return changed;
        }, cancellationToken).ConfigureAwait(false);
        return saved.TryGetValue("dates", out var all) && all.M is { } map
            ? map.Where(kv => kv.Value.S is not null).ToDictionary(kv => kv.Key, kv => kv.Value.S, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>Reads the item, lets <paramref name="change"/> edit it (false: nothing to write) and puts it back if nobody wrote in between.</summary>
    private async Task<Dictionary<string, AttributeValue>> ModifyAsync(string pk, string operation, Func<Dictionary<string, AttributeValue>, bool> change, CancellationToken cancellationToken)
    {
        for (var conflicts = 0; ; conflicts++)
        {
            var read = await ReadAsync(pk, operation, cancellationToken).ConfigureAwait(false);
            var item = read is null ? new Dictionary<string, AttributeValue> { ["pk"] = new() { S = pk } } : new Dictionary<string, AttributeValue>(read);
            if (!change(item)) return item;
            var rev = item.TryGetValue("rev", out var r) && long.TryParse(r.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
            item["rev"] = new() { N = (rev + 1).ToString(CultureInfo.InvariantCulture) };
            item["expires_at"] = new() { N = (_time.GetUtcNow() + _retention).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
            var request = new PutItemRequest
            {
                TableName = _table,
                Item = item,
                ConditionExpression = read is null ? "attribute_not_exists(pk)" : "rev = :rev",
            };
            if (read is not null) request.ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":rev"] = new() { N = rev.ToString(CultureInfo.InvariantCulture) } };
            try
            {
                await _ddb.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
                return item;
            }
            catch (ConditionalCheckFailedException) when (conflicts < MaxConflicts)
            {
                // Someone wrote in between: read again and redo the change.
            }
            catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
            {
                throw new SentMarkStoreException(_table, pk, operation, e);
            }
        }
    }

    private async Task<Dictionary<string, AttributeValue>?> ReadAsync(string pk, string operation, CancellationToken cancellationToken)
    {
        try
        {
            var resp = await _ddb.GetItemAsync(new GetItemRequest
            {
                TableName = _table, Key = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = pk } }, ConsistentRead = true,
            }, cancellationToken).ConfigureAwait(false);
            return resp.Item is { Count: > 0 } item ? item : null;
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw new SentMarkStoreException(_table, pk, operation, e);
        }
    }

    private static ChatThread? Thread(Dictionary<string, AttributeValue>? item) =>
        item is not null && item.TryGetValue("ts", out var ts) && item.TryGetValue("channel", out var ch) && ts.S is not null && ch.S is not null
            ? new ChatThread(ch.S, ts.S) : null;

    private static string Pk(string threadKey, string destination) => $"{Prefix}{threadKey}#{destination}";
}
