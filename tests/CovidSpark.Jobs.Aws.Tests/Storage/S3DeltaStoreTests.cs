using Amazon.S3;
using CovidSpark.Delta;
using CovidSpark.Delta.Actions;
using CovidSpark.Delta.Errors;
using CovidSpark.Delta.Log;
using CovidSpark.Delta.Transactions;
using CovidSpark.Jobs.Aws;
using CovidSpark.Testing;

namespace CovidSpark.Jobs.Aws.Tests.Storage;

/// <summary>Delta commits on S3 (moto): a commit is a PUT with If-None-Match: *, so racing writers never both take a version.</summary>
public sealed class S3DeltaStoreTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private async Task<(AmazonS3Client S3, string Root)> NewTableAsync()
    {
        var aws = MotoAws.Options(moto);
        var s3 = new AmazonS3Client(aws.Credentials, new AmazonS3Config { ServiceURL = moto.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = MotoServer.Region });
        var bucket = "lake-" + Guid.NewGuid().ToString("N")[..10];
        await s3.PutBucketAsync(bucket);
        return (s3, $"s3://{bucket}/lake/trusted/daily_country");
    }

    private static readonly IReadOnlyList<DeltaField> Schema = [new("iso3", "string"), new("report_date", "date")];

    private static DeltaWriteRequest Day(string date, string runId) => new(Schema, ["report_date"],
        [new DeltaDataFile($"report_date={date}/part-{runId}.parquet", new Dictionary<string, string?> { ["report_date"] = date }, 100,
            DateTimeOffset.UnixEpoch, """{"numRecords":1}""")],
        DeltaWriteMode.ReplacePartitions, new CommitOptions("WRITE") { Tags = new Dictionary<string, string> { ["runId"] = runId } });

    [Fact]
    public async Task Put_if_absent_creates_once_and_then_reports_the_key_taken()
    {
        var (s3, root) = await NewTableAsync();
        using var _ = s3;
        var store = new S3DeltaStore(s3, root);
        Assert.True(await store.PutIfAbsentAsync("_delta_log/00000000000000000000.json", "a"u8.ToArray(), default));
        Assert.False(await store.PutIfAbsentAsync("_delta_log/00000000000000000000.json", "b"u8.ToArray(), default));
        Assert.Equal("a"u8.ToArray(), await store.ReadAsync("_delta_log/00000000000000000000.json", default));
        Assert.Null(await store.ReadAsync("_delta_log/00000000000000000001.json", default));
    }

    [Fact]
    public async Task Two_writers_racing_on_S3_both_commit_disjoint_dates_and_one_loses_the_same_date()
    {
        var (s3, root) = await NewTableAsync();
        using var _ = s3;
        DeltaLog Log() => new(new S3DeltaStore(s3, root), TimeProvider.System);
        await DeltaWriter.CommitAsync(Log(), Day("2020-11-01", "seed"));

        // Disjoint dates: both transactions read version 0 and race for version 1; the loser retries as version 2.
        var a = Log().StartTransaction(await Log().GetSnapshotAsync());
        var b = Log().StartTransaction(await Log().GetSnapshotAsync());
        a.Add(new AddFile("report_date=2020-11-02/part-a.parquet", new Dictionary<string, string?> { ["report_date"] = "2020-11-02" }, 1, 0, true, null));
        b.Add(new AddFile("report_date=2020-11-03/part-b.parquet", new Dictionary<string, string?> { ["report_date"] = "2020-11-03" }, 1, 0, true, null));
        a.ReadPartition(new Dictionary<string, string?> { ["report_date"] = "2020-11-02" });
        b.ReadPartition(new Dictionary<string, string?> { ["report_date"] = "2020-11-03" });
        var results = await Task.WhenAll(a.CommitAsync(new CommitOptions("WRITE")), b.CommitAsync(new CommitOptions("WRITE")));
        Assert.Equal([1L, 2L], results.Select(r => r.Version).Order());
        Assert.Equal(["2020-11-01", "2020-11-02", "2020-11-03"], (await Log().GetSnapshotAsync()).Files.Select(f => f.PartitionValues["report_date"]!));

        // The same date: one commits, the other fails naming the winner's run, and nothing of it is in the log.
        var snapshot = await Log().GetSnapshotAsync();
        var writes = new[] { "run-x", "run-y" }.Select(async run =>
        {
            var t = Log().StartTransaction(snapshot);
            t.ReplacePartitions([new Dictionary<string, string?> { ["report_date"] = "2020-11-01" }]);
            t.Add(new AddFile($"report_date=2020-11-01/part-{run}.parquet", new Dictionary<string, string?> { ["report_date"] = "2020-11-01" }, 1, 0, true, null));
            try { await t.CommitAsync(new CommitOptions("WRITE") { Tags = new Dictionary<string, string> { ["runId"] = run } }); return (run, (Exception?)null); }
            catch (DeltaConcurrentModificationException e) { return (run, e); }
        }).ToList();
        var outcome = await Task.WhenAll(writes);
        var winner = Assert.Single(outcome, o => o.Item2 is null).run;
        var loser = Assert.Single(outcome, o => o.Item2 is not null);
        Assert.Contains($"run {winner}", loser.Item2!.Message);
        var files = (await Log().GetSnapshotAsync()).Files.Select(f => f.Path).ToList();
        Assert.Contains($"report_date=2020-11-01/part-{winner}.parquet", files);
        Assert.DoesNotContain($"report_date=2020-11-01/part-{loser.run}.parquet", files);
    }
}
