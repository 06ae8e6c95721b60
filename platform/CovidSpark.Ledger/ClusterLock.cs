using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace CovidSpark.Ledger;

/// <summary>The outcome of trying to become the one launcher that creates a cluster.</summary>
/// <param name="Acquired">True: this caller creates the cluster and then calls <see cref="IClusterLock.RecordClusterAsync"/>.</param>
/// <param name="Owner">Who holds the lease.</param>
/// <param name="ClusterId">The cluster the holder created, once recorded.</param>
public sealed record ClusterLease(bool Acquired, string Owner, string? ClusterId);

/// <summary>
/// Serialises cluster creation across concurrent launchers: only the lease holder creates a cluster of a given name; the others
/// wait for its id. Leases expire, so a launcher that dies does not block the next one.
/// </summary>
public interface IClusterLock
{
    /// <summary>Takes the lease for <paramref name="clusterName"/> unless another live owner holds it.</summary>
    Task<ClusterLease> AcquireAsync(string clusterName, string owner, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Reads the current lease (null when there is none or it expired).</summary>
    Task<ClusterLease?> ReadAsync(string clusterName, CancellationToken cancellationToken = default);

    /// <summary>Records the created cluster's id on the lease this owner holds.</summary>
    Task RecordClusterAsync(string clusterName, string owner, string clusterId, CancellationToken cancellationToken = default);
}

/// <summary>
/// <see cref="IClusterLock"/> in the ledger table, under <c>pk = lock#cluster#&lt;name&gt;</c> (no <c>state</c> attribute: not in the
/// GSI, ignored by the notifier), with <c>owner</c>, <c>cluster_id</c> and <c>expires_at</c> (also the TTL attribute).
/// </summary>
public sealed class DynamoDbClusterLock(IAmazonDynamoDB db, string tableName, TimeProvider time) : IClusterLock
{
    /// <summary>The item key of a cluster name's lease.</summary>
    public static string KeyOf(string clusterName) => LedgerContract.ClusterLockPrefix + clusterName;

    public async Task<ClusterLease> AcquireAsync(string clusterName, string owner, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        try
        {
            await db.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = new Dictionary<string, AttributeValue>
                {
                    [LedgerSchema.Pk] = new() { S = KeyOf(clusterName) },
                    ["owner"] = new() { S = owner },
                    [LedgerSchema.UpdatedAt] = new() { S = LedgerFormats.FormatInstant(now) },
                    [LedgerSchema.ExpiresAt] = new() { N = now.Add(ttl).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
                },
                ConditionExpression = "attribute_not_exists(#pk) OR #exp < :now",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = LedgerSchema.Pk, ["#exp"] = LedgerSchema.ExpiresAt },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":now"] = new() { N = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) } },
            }, cancellationToken).ConfigureAwait(false);
            return new ClusterLease(true, owner, null);
        }
        catch (ConditionalCheckFailedException)
        {
            return await ReadAsync(clusterName, cancellationToken).ConfigureAwait(false) ?? new ClusterLease(false, "(expired)", null);
        }
    }

    public async Task<ClusterLease?> ReadAsync(string clusterName, CancellationToken cancellationToken = default)
    {
        var item = (await db.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = new Dictionary<string, AttributeValue> { [LedgerSchema.Pk] = new() { S = KeyOf(clusterName) } },
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false)).Item;
        if (item is not { Count: > 0 }) return null;
        var expires = item.TryGetValue(LedgerSchema.ExpiresAt, out var e) && long.TryParse(e.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0;
        if (expires < time.GetUtcNow().ToUnixTimeSeconds()) return null;
        return new ClusterLease(false, item.TryGetValue("owner", out var o) ? o.S ?? "" : "", item.TryGetValue(LedgerSchema.ClusterId, out var c) ? c.S : null);
    }

    public async Task RecordClusterAsync(string clusterName, string owner, string clusterId, CancellationToken cancellationToken = default)
    {
        try
        {
            await db.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = new Dictionary<string, AttributeValue> { [LedgerSchema.Pk] = new() { S = KeyOf(clusterName) } },
                UpdateExpression = "SET #c = :c",
                ConditionExpression = "#o = :o",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#c"] = LedgerSchema.ClusterId, ["#o"] = "owner" },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":c"] = new() { S = clusterId }, [":o"] = new() { S = owner } },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            // The lease expired and someone else holds it now; they will find this cluster by name and tag.
        }
    }
}
