using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace CovidSpark.Notifier.Tests.Support;

/// <summary>
/// A ledger table in moto with a NEW_AND_OLD_IMAGES stream, and writes shaped like the launcher's and tracker's
/// (docs/ledger.md), so the stream carries the records the notifier sees in production.
/// </summary>
public sealed class LedgerTable(IAmazonDynamoDB ddb, string name)
{
    public string Name { get; } = name;

    public IAmazonDynamoDB Client { get; } = ddb;

    public static async Task<LedgerTable> CreateAsync(IAmazonDynamoDB ddb, string name)
    {
        await ddb.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_AND_OLD_IMAGES },
        });
        return new LedgerTable(ddb, name);
    }

    public static string Pk(string job, string date) => $"{job}#{date}";

    /// <summary>The launcher submits a step: INSERT with state SUBMITTED.</summary>
    public Task SubmitAsync(string job, string date, int attempt = 1, string cluster = "j-2AXXXXXXGAPLF", string step = "s-1K4XXXXXXXL0G") =>
        Client.PutItemAsync(new PutItemRequest
        {
            TableName = Name,
            Item = new Dictionary<string, AttributeValue>
            {
                ["pk"] = S(Pk(job, date)),
                ["job"] = S(job),
                ["data_date"] = S(date),
                ["state"] = S("SUBMITTED"),
                ["version"] = N(1),
                ["attempt"] = N(attempt),
                ["cluster_id"] = S(cluster),
                ["step_id"] = S(step),
                ["range_from"] = S(date),
                ["range_to"] = S(date),
                ["submitted_at"] = S("2020-11-10T05:40:07Z"),
                ["log_uri"] = S($"s3://covid-logs/emr/{cluster}/steps/{step}/"),
                ["updated_at"] = S("2020-11-10T05:40:07Z"),
            },
        });

    /// <summary>The tracker records a state change (and whatever else the event carried).</summary>
    public Task MoveAsync(string job, string date, string state, IReadOnlyDictionary<string, AttributeValue>? more = null)
    {
        var values = new Dictionary<string, AttributeValue> { [":s"] = S(state), [":one"] = N(1), [":u"] = S("2020-11-10T06:00:00Z") };
        var set = new List<string> { "#state = :s", "updated_at = :u" };
        var i = 0;
        foreach (var (k, v) in more ?? new Dictionary<string, AttributeValue>())
        {
            set.Add($"{k} = :m{i}");
            values[$":m{i++}"] = v;
        }
        return Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = Name,
            Key = new Dictionary<string, AttributeValue> { ["pk"] = S(Pk(job, date)) },
            UpdateExpression = "SET " + string.Join(", ", set) + " ADD version :one",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#state"] = "state" },
            ExpressionAttributeValues = values,
        });
    }

    /// <summary>A write that changes no state (e.g. the job reporting progress).</summary>
    public Task TouchAsync(string job, string date) => Client.UpdateItemAsync(new UpdateItemRequest
    {
        TableName = Name,
        Key = new Dictionary<string, AttributeValue> { ["pk"] = S(Pk(job, date)) },
        UpdateExpression = "SET updated_at = :u, message = :m ADD version :one",
        ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":u"] = S("2020-11-10T06:30:00Z"), [":m"] = S("progress 50%"), [":one"] = N(1) },
    });

    public Task DeleteAsync(string job, string date) => Client.DeleteItemAsync(new DeleteItemRequest
    {
        TableName = Name,
        Key = new Dictionary<string, AttributeValue> { ["pk"] = S(Pk(job, date)) },
    });

    /// <summary>The attributes a finished run reports.</summary>
    public static Dictionary<string, AttributeValue> Finished(long rowsIn, long rowsOut, long quarantined, long durationMs, string? message = null)
    {
        var d = new Dictionary<string, AttributeValue>
        {
            ["started_at"] = S("2020-11-10T05:41:00Z"),
            ["ended_at"] = S("2020-11-10T05:44:12Z"),
            ["duration_ms"] = N(durationMs),
            ["rows_in"] = N(rowsIn),
            ["rows_out"] = N(rowsOut),
            ["rows_quarantined"] = N(quarantined),
        };
        if (message is not null) d["message"] = S(message);
        return d;
    }

    public static AttributeValue S(string s) => new() { S = s };

    public static AttributeValue N(long n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };
}
