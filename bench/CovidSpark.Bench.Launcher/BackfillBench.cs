using System.Diagnostics;
using Amazon.Runtime;
using CovidSpark.Aws;
using CovidSpark.Aws.Emr;
using CovidSpark.Launcher.Config;
using CovidSpark.Launcher.Launch;
using CovidSpark.Launcher.Planning;
using CovidSpark.Ledger;

namespace CovidSpark.Bench.Launcher;

/// <summary>Backfill of a year against moto: API calls (EMR, DynamoDB) and wall time, for a few chunk sizes.</summary>
internal static class BackfillBench
{
    public static async Task RunAsync(Uri moto, string configJson, TextWriter output)
    {
        output.WriteLine("| backfill 2020-01-01..2020-12-31 (366 dates) | steps | deferred | EMR calls | DynamoDB calls | wall time |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (var (label, chunk) in new[] { ("calendar month per step", (int?)null), ("14 days per step", 14), ("1 day per step (over the 256 limit)", 1) })
        {
            var emrCounter = new CountingHandler();
            var dynamoCounter = new CountingHandler();
            var aws = new AwsClientOptions
            {
                Region = "us-east-1", EndpointUrl = moto, Credentials = new BasicAWSCredentials("bench", "bench"), Environment = _ => null,
            };
            using var http = new HttpClient(emrCounter, disposeHandler: false);
            using var db = DynamoDbClientFactory.Create(aws, c => c.HttpClientFactory = new CountingHttpClientFactory(dynamoCounter));
            var table = "bench-" + Guid.NewGuid().ToString("N")[..8];
            await new LedgerTable(db).EnsureCreatedAsync(table);
            var config = EmrConfigLoader.Parse(configJson).WithClusterName("bench-" + Guid.NewGuid().ToString("N")[..8]);
            var time = new FixedTime(new DateTimeOffset(2021, 1, 2, 6, 0, 0, TimeSpan.Zero));
            var ledger = new JobLedger(db, new LedgerOptions(table), time);
            var launcher = new LaunchService(config, new EmrClient(http, aws), ledger, time);
            dynamoCounter.Reset();

            var sw = Stopwatch.StartNew();
            var report = await launcher.LaunchAsync(new LaunchRequest(["pipeline"], new DateRange(new(2020, 1, 1), new(2020, 12, 31)), ChunkDays: chunk, Trigger: "bench"));
            sw.Stop();
            output.WriteLine($"| {label} | {report.Steps.Count} | {report.Deferred.Count} | {emrCounter.Count} | {dynamoCounter.Count} | {sw.Elapsed.TotalSeconds:0.00} s |");
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
