using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace CovidSpark.Ledger;

/// <summary>What <see cref="LedgerTable.EnsureCreatedAsync"/> found or did.</summary>
/// <param name="TableName">The table.</param>
/// <param name="Created">True when the table was created now, false when it already existed.</param>
/// <param name="StreamArn">The table's stream (NEW_AND_OLD_IMAGES), for the notifier's event source mapping.</param>
/// <param name="Status">Table status, e.g. ACTIVE.</param>
/// <param name="TtlEnabled">Whether TTL on <c>expires_at</c> was requested.</param>
public sealed record LedgerTableInfo(string TableName, bool Created, string? StreamArn, string Status, bool TtlEnabled);

/// <summary>Creates and checks the ledger table: hash key <c>pk</c>, GSI <c>by_state</c> (state, data_date), stream NEW_AND_OLD_IMAGES, on-demand billing.</summary>
public sealed class LedgerTable(IAmazonDynamoDB db)
{
    /// <summary>Creates the table unless it exists, waits until it is ACTIVE and optionally enables TTL on <c>expires_at</c>.</summary>
    /// <exception cref="LedgerTableException">The table exists but lacks the index or the stream the ledger needs.</exception>
    public async Task<LedgerTableInfo> EnsureCreatedAsync(string tableName, bool enableTtl = false, CancellationToken cancellationToken = default)
    {
        var created = true;
        try
        {
            await db.CreateTableAsync(new CreateTableRequest
            {
                TableName = tableName,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions =
                [
                    new AttributeDefinition(LedgerSchema.Pk, ScalarAttributeType.S),
                    new AttributeDefinition(LedgerSchema.State, ScalarAttributeType.S),
                    new AttributeDefinition(LedgerSchema.DataDate, ScalarAttributeType.S),
                ],
                KeySchema = [new KeySchemaElement(LedgerSchema.Pk, KeyType.HASH)],
                GlobalSecondaryIndexes =
                [
                    new GlobalSecondaryIndex
                    {
                        IndexName = LedgerSchema.StateIndex,
                        KeySchema = [new KeySchemaElement(LedgerSchema.State, KeyType.HASH), new KeySchemaElement(LedgerSchema.DataDate, KeyType.RANGE)],
                        Projection = new Projection { ProjectionType = ProjectionType.ALL },
                    },
                ],
                StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_AND_OLD_IMAGES },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            created = false;
        }

        var description = await WaitActiveAsync(tableName, cancellationToken).ConfigureAwait(false);
        var problems = new List<string>();
        if (description.GlobalSecondaryIndexes?.Any(i => i.IndexName == LedgerSchema.StateIndex) != true)
            problems.Add($"GSI '{LedgerSchema.StateIndex}' is missing");
        if (description.StreamSpecification is not { StreamEnabled: true } spec || spec.StreamViewType != StreamViewType.NEW_AND_OLD_IMAGES)
            problems.Add("stream NEW_AND_OLD_IMAGES is not enabled");
        if (description.KeySchema?.SingleOrDefault(k => k.KeyType == KeyType.HASH)?.AttributeName != LedgerSchema.Pk)
            problems.Add($"hash key is not '{LedgerSchema.Pk}'");
        if (problems.Count > 0)
            throw new LedgerTableException(tableName, "exists but does not match the ledger contract: " + string.Join("; ", problems));

        if (enableTtl)
        {
            await db.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
            {
                TableName = tableName,
                TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = LedgerSchema.ExpiresAt, Enabled = true },
            }, cancellationToken).ConfigureAwait(false);
        }
        return new LedgerTableInfo(tableName, created, description.LatestStreamArn, description.TableStatus?.Value ?? "UNKNOWN", enableTtl);
    }

    private async Task<TableDescription> WaitActiveAsync(string tableName, CancellationToken ct)
    {
        for (var i = 0; ; i++)
        {
            var table = (await db.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, ct).ConfigureAwait(false)).Table;
            if (table.TableStatus == TableStatus.ACTIVE || i >= 120) return table;
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 * (i + 1))), ct).ConfigureAwait(false);
        }
    }
}
