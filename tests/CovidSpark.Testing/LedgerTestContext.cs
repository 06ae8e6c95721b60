using Amazon.DynamoDBv2;
using CovidSpark.Ledger;
using CovidSpark.Testing;

namespace CovidSpark.Testing;

/// <summary>A fresh ledger table on the shared moto_server, with a manual clock.</summary>
public sealed class LedgerTestContext : IAsyncDisposable
{
    private LedgerTestContext(AmazonDynamoDBClient db, string table, ManualTimeProvider time, LedgerTableInfo info)
    {
        Db = db;
        Table = table;
        Time = time;
        Info = info;
        Ledger = new JobLedger(db, new LedgerOptions(table, RetentionDays: 30), time);
    }

    public AmazonDynamoDBClient Db { get; }
    public string Table { get; }
    public ManualTimeProvider Time { get; }
    public LedgerTableInfo Info { get; }
    public JobLedger Ledger { get; }

    public static readonly DateTimeOffset Start = new(2020, 11, 10, 5, 40, 7, TimeSpan.Zero);

    public static async Task<LedgerTestContext> CreateAsync(MotoServer moto, DateTimeOffset? start = null)
    {
        var db = DynamoDbClientFactory.Create(AwsTestClients.Options(moto.Endpoint));
        var table = "ledger-" + Guid.NewGuid().ToString("N")[..12];
        var info = await new LedgerTable(db).EnsureCreatedAsync(table, enableTtl: true);
        return new LedgerTestContext(db, table, new ManualTimeProvider(start ?? Start), info);
    }

    public ValueTask DisposeAsync()
    {
        Db.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A DynamoDB client on the shared moto_server for tests that only need the client.</summary>
public static class LedgerTestContextAccess
{
    public static AmazonDynamoDBClient Client(MotoServer moto) => DynamoDbClientFactory.Create(AwsTestClients.Options(moto.Endpoint));
}
