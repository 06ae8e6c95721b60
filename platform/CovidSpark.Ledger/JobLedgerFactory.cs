using Amazon.DynamoDBv2;
using CovidSpark.Aws;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Ledger;

/// <summary>
/// The simplest way for a Spark job to get a ledger from its <c>--ledger-table</c> option:
/// <code>
/// await using var handle = JobLedgerFactory.Open("covidspark-jobs");
/// await handle.Ledger.ReportJobStartedAsync(new JobRunStarted("pipeline", from, to), ct);
/// …
/// await handle.Ledger.ReportJobFinishedAsync(new JobRunFinished("pipeline", from, to, JobState.Succeeded, counts, manifestJson), ct);
/// </code>
/// Region, endpoint (<c>AWS_ENDPOINT_URL</c>) and credentials come from the standard AWS environment unless given.
/// </summary>
public static class JobLedgerFactory
{
    /// <summary>Opens the ledger on <paramref name="tableName"/>; the handle owns the DynamoDB client.</summary>
    public static LedgerHandle Open(string tableName, AwsClientOptions? aws = null, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        var options = aws ?? new AwsClientOptions();
        var db = DynamoDbClientFactory.Create(options);
        return new LedgerHandle(db, new JobLedger(db, new LedgerOptions(tableName), time ?? options.Time, loggers?.CreateLogger<JobLedger>()));
    }
}

/// <summary>A ledger together with the DynamoDB client it owns.</summary>
public sealed class LedgerHandle(IAmazonDynamoDB db, IJobLedger ledger) : IAsyncDisposable, IDisposable
{
    /// <summary>The ledger.</summary>
    public IJobLedger Ledger { get; } = ledger;

    /// <summary>The underlying client (for <see cref="LedgerTable"/>).</summary>
    public IAmazonDynamoDB DynamoDb { get; } = db;

    public void Dispose() => DynamoDb.Dispose();

    public ValueTask DisposeAsync()
    {
        DynamoDb.Dispose();
        return ValueTask.CompletedTask;
    }
}
