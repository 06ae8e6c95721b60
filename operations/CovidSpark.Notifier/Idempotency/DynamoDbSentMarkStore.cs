using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace CovidSpark.Notifier.Idempotency;

/// <summary>
/// Sent marks as items of the ledger table, written with conditional puts (AWSSDK.DynamoDBv2).
/// Items: <c>pk</c>, <c>mark_status</c> (<c>SENDING</c>|<c>SENT</c>), <c>claim_owner</c>, <c>claimed_until</c> (epoch ms),
/// <c>sent_at</c>, <c>expires_at</c> (TTL, epoch s). They carry no <c>state</c> attribute, so they stay out of the
/// <c>by_state</c> index and the notifier ignores their own stream records.
/// </summary>
public sealed class DynamoDbSentMarkStore : ISentMarkStore
{
    private const string Sending = "SENDING";
    private const string Sent = "SENT";
    private readonly IAmazonDynamoDB _ddb;
    private readonly string _table;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lease;
    private readonly TimeSpan _retention;

    /// <summary>Creates the store over <paramref name="table"/>.</summary>
    public DynamoDbSentMarkStore(IAmazonDynamoDB ddb, string table, TimeProvider time, TimeSpan lease, TimeSpan retention)
    {
        _ddb = ddb ?? throw new ArgumentNullException(nameof(ddb));
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        _table = table;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _lease = lease;
        _retention = retention;
    }

    /// <inheritdoc />
    public async Task<ClaimOutcome> ClaimAsync(SentMark mark, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mark);
        var now = _time.GetUtcNow();
        var request = new PutItemRequest
        {
            TableName = _table,
            Item = new Dictionary<string, AttributeValue>
            {
                ["pk"] = new() { S = mark.Pk },
                ["mark_status"] = new() { S = Sending },
                ["claim_owner"] = new() { S = owner },
                ["claimed_until"] = Number((now + _lease).ToUnixTimeMilliseconds()),
                ["expires_at"] = Number((now + _retention).ToUnixTimeSeconds()),
            },
            ConditionExpression = "attribute_not_exists(pk) OR (mark_status = :sending AND (claimed_until < :now OR claim_owner = :owner))",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>
            {
                [":sending"] = new() { S = Sending },
                [":now"] = Number(now.ToUnixTimeMilliseconds()),
                [":owner"] = new() { S = owner },
            },
            ReturnValues = ReturnValue.ALL_OLD,
        };
        try
        {
            var resp = await _ddb.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
            var before = resp.Attributes is { Count: > 0 } old && old.TryGetValue("claim_owner", out var o) ? o.S : null;
            return before is null || before == owner ? ClaimOutcome.Claimed : ClaimOutcome.TakenOver;
        }
        catch (ConditionalCheckFailedException)
        {
            var status = await ReadStatusAsync(mark, cancellationToken).ConfigureAwait(false);
            return status == Sent ? ClaimOutcome.AlreadySent : ClaimOutcome.HeldByAnother;
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw new SentMarkStoreException(_table, mark.Pk, "claim", e);
        }
    }

    /// <inheritdoc />
    public async Task MarkSentAsync(SentMark mark, string owner, CancellationToken cancellationToken, string? messageId = null)
    {
        ArgumentNullException.ThrowIfNull(mark);
        var now = _time.GetUtcNow();
        var request = new PutItemRequest
        {
            TableName = _table,
            Item = new Dictionary<string, AttributeValue>
            {
                ["pk"] = new() { S = mark.Pk },
                ["mark_status"] = new() { S = Sent },
                ["claim_owner"] = new() { S = owner },
                ["sent_at"] = new() { S = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
                ["expires_at"] = Number((now + _retention).ToUnixTimeSeconds()),
            },
        };
        if (messageId is not null) request.Item["ts"] = new() { S = messageId };
        try { await _ddb.PutItemAsync(request, cancellationToken).ConfigureAwait(false); }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException) { throw new SentMarkStoreException(_table, mark.Pk, "mark sent", e); }
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(SentMark mark, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mark);
        var request = new DeleteItemRequest
        {
            TableName = _table,
            Key = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = mark.Pk } },
            ConditionExpression = "mark_status = :sending AND claim_owner = :owner",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>
            {
                [":sending"] = new() { S = Sending },
                [":owner"] = new() { S = owner },
            },
        };
        try { await _ddb.DeleteItemAsync(request, cancellationToken).ConfigureAwait(false); }
        catch (ConditionalCheckFailedException) { /* no longer ours (taken over after the lease, or already sent): nothing to give back */ }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException) { throw new SentMarkStoreException(_table, mark.Pk, "release", e); }
    }

    private async Task<string?> ReadStatusAsync(SentMark mark, CancellationToken cancellationToken)
    {
        try
        {
            var resp = await _ddb.GetItemAsync(new GetItemRequest
            {
                TableName = _table,
                Key = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = mark.Pk } },
                ConsistentRead = true,
                ProjectionExpression = "mark_status",
            }, cancellationToken).ConfigureAwait(false);
            return resp.Item is { } item && item.TryGetValue("mark_status", out var v) ? v.S : null;
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException) { throw new SentMarkStoreException(_table, mark.Pk, "read", e); }
    }

    private static AttributeValue Number(long n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };
}
