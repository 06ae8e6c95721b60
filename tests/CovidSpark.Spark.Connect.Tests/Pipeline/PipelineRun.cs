using CovidSpark.Connect.Tests.Fakes;
using CovidSpark.Jobs.Cluster;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Spark.Connect;
using CovidSpark.Spark.Connect.Proto;
using CovidSpark.Spark.Sql;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Connect.Tests.Pipeline;

/// <summary>
/// One run of the whole pipeline (ETL → statistics → KMeans, no report) over three sample days (2020-11-08..10) against
/// the fake Spark Connect server, answered by <see cref="PipelineAnswers"/>. The tests of
/// <see cref="PipelineOverSparkConnectTests"/> read its outcome and the requests the server recorded.
/// </summary>
public sealed class PipelineRun : IAsyncLifetime
{
    public static readonly DateOnly[] Dates = [new(2020, 11, 8), new(2020, 11, 9), new(2020, 11, 10)];

    public const int K = 3;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "covidspark-pipeline-connect-" + Guid.NewGuid().ToString("N"));

    internal FakeSparkConnectServer Server { get; private set; } = null!;

    internal PipelineAnswers Answers { get; private set; } = null!;

    public string Lake => Path.Combine(_root, "lake");

    public PipelineOutcome Outcome { get; private set; } = null!;

    /// <summary>The plan of every ExecutePlan request, in arrival order.</summary>
    internal IReadOnlyList<Plan> Plans => [.. Server.Requests<ExecutePlanRequest>().Select(e => e.Plan)];

    /// <summary>The write commands, in order.</summary>
    internal IReadOnlyList<WriteOperation> Writes => [.. Plans.Select(p => p.Command?.WriteOperation).OfType<WriteOperation>()];

    /// <summary>The write to <c>&lt;lake&gt;/&lt;relative&gt;</c>.</summary>
    internal WriteOperation Write(string relative) => Assert.Single(Writes, w => w.Path == Path.Combine(Lake, relative));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        Server = await FakeSparkConnectServer.StartAsync();
        Answers = new PipelineAnswers(Lake, Dates);
        Server.Answer = Answers.Answer;
        Outcome = await RunAsync(Server, Lake, PipelineJobs.All, new KMeansOptions(K: K));
    }

    /// <summary>Runs the pipeline over <see cref="Dates"/> of data/sample against <paramref name="server"/> (no report).</summary>
    internal static async Task<PipelineOutcome> RunAsync(FakeSparkConnectServer server, string lake, PipelineJobs jobs, KMeansOptions kmeans)
    {
        await using var spark = SparkSession.Builder().AppName("pipeline-over-spark-connect")
            .UseSparkConnect(server.ConnectionString(), o => o with { Retry = RetryPolicy.None })
            .GetOrCreate();
        var sample = SampleData();
        var options = new PipelineOptions(
            Path.Combine(sample, "jhu", "daily_reports"), Path.Combine(sample, "owid", "owid-covid-latest-2021-10.csv"),
            Path.Combine(sample, "jhu", "UID_ISO_FIPS_LookUp_Table.csv"), lake, Dates[0], Dates[^1], jobs, kmeans, WriteReport: false);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await new PipelineRunner(spark, TimeProvider.System, NullLoggerFactory.Instance).RunAsync(options, progress: null, cancel.Token);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    /// <summary>The repository's <c>data/sample</c>, found walking up from the test binaries.</summary>
    private static string SampleData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "data", "sample", "jhu", "daily_reports")))
                return Path.Combine(dir.FullName, "data", "sample");
        throw new DirectoryNotFoundException($"No data/sample above {AppContext.BaseDirectory}");
    }
}
