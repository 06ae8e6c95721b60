using Amazon.S3;
using CovidSpark.Aws;
using CovidSpark.Jobs.Aws;
using CovidSpark.Jobs.Storage;
using CovidSpark.Testing;

namespace CovidSpark.Jobs.Aws.Tests.Storage;

/// <summary>The driver's S3 file store against a real (moto) S3, and a run that reads its daily reports from S3.</summary>
public sealed class S3FileStoreTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private AwsClientOptions Aws => MotoAws.Options(moto);

    private async Task<(FileStoreFactory Factory, string Bucket)> NewBucketAsync()
    {
        var factory = new FileStoreFactory(Aws);
        var bucket = "lake-" + Guid.NewGuid().ToString("N")[..10];
        using var s3 = new AmazonS3Client(Aws.Credentials, new AmazonS3Config { ServiceURL = moto.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = MotoServer.Region });
        await s3.PutBucketAsync(bucket);
        return (factory, bucket);
    }

    [Fact]
    public async Task Files_folders_copies_and_deletes_round_trip_through_S3()
    {
        var (factory, bucket) = await NewBucketAsync();
        using var _ = factory;
        using var dir = new TempDir();
        var store = factory.For($"s3://{bucket}/x");
        await store.WriteTextAsync($"s3://{bucket}/lake/trusted/t/report_date=2020-11-09/part-0.parquet", "a", default);
        await store.WriteTextAsync($"s3://{bucket}/lake/trusted/t/report_date=2020-11-10/part-0.parquet", "b", default);
        await store.PutFileAsync(dir.Write("q.csv", "source_file,line\n"), $"s3://{bucket}/lake/quarantine/q.csv", default);

        Assert.Equal(["report_date=2020-11-09", "report_date=2020-11-10"], await store.ListFolderNamesAsync($"s3://{bucket}/lake/trusted/t", default));
        Assert.True(await store.AnyFileAsync($"s3://{bucket}/lake/trusted", ".parquet", default));
        Assert.False(await store.AnyFileAsync($"s3://{bucket}/lake/refined", ".parquet", default));
        Assert.Equal([$"s3://{bucket}/lake/quarantine/q.csv"], await store.ListFilesAsync($"s3://{bucket}/lake/quarantine", ".csv", default));
        Assert.True(await store.FileExistsAsync($"s3://{bucket}/lake/quarantine/q.csv", default));
        var local = await store.LocalCopyAsync($"s3://{bucket}/lake/quarantine/q.csv", dir.Path, default);
        Assert.Equal("source_file,line\n", await File.ReadAllTextAsync(local));

        await store.DeleteFolderAsync($"s3://{bucket}/lake/trusted", default);
        Assert.False(await store.FolderExistsAsync($"s3://{bucket}/lake/trusted", default));
        Assert.True(await store.FolderExistsAsync($"s3://{bucket}/lake/quarantine", default));
    }

    [Fact]
    public async Task A_run_reads_its_daily_reports_from_S3()
    {
        var (factory, bucket) = await NewBucketAsync();
        using var _ = factory;
        using var dir = new TempDir();
        var store = factory.For($"s3://{bucket}");
        foreach (var d in new[] { "11-09", "11-10" })
            await store.PutFileAsync(TestData.Report(d), $"s3://{bucket}/raw/daily_reports/{d}-2020.csv", default);
        await store.WriteTextAsync($"s3://{bucket}/raw/daily_reports/README.txt", "not a report", default);

        var result = await JobsCli.RunAsync(MotoAws.Environment, "run", "--input", $"s3://{bucket}/raw/daily_reports", "--lookup", TestData.SampleLookup,
            "--indicators", TestData.SampleIndicators, "--lake", dir.Combine("lake"), "--jobs", "etl", "--no-report", "-q",
            "--region", MotoServer.Region, "--endpoint-url", moto.Endpoint.ToString());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(Directory.Exists(dir.Combine("lake", "trusted", "daily_country", "report_date=2020-11-10")));
        Assert.Contains("2020-11-09 .. 2020-11-10 (2 days)", result.Out);
    }

    [Fact]
    public async Task The_embedded_engine_refuses_an_S3_lake_with_a_clear_message()
    {
        using var dir = new TempDir();
        var result = await JobsCli.RunAsync("run", "--lake", "s3://some-bucket/lake", "--jobs", "etl", "--no-report", "-q");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the embedded engine needs a local lake", result.Error);
    }
}
