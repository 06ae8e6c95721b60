using System.Text.RegularExpressions;
using CovidSpark.Connect.Tests.Fakes;
using CovidSpark.Spark.Connect;

namespace CovidSpark.Connect.Tests.Pipeline;

/// <summary>
/// Golden files of the compiled plans of each job (<c>Snapshots/jobs/&lt;job&gt;/plans.json</c>): every ExecutePlan the ETL,
/// the statistics and KMeans send over the three sample days, as protobuf JSON, with run-specific paths replaced by
/// <c>{LAKE}</c>, <c>{SAMPLE}</c> and <c>{RUN}</c> (the run id, wherever it appears). A change to a job's plan shows up as a reviewable diff
/// (<c>UPDATE_SNAPSHOTS=1</c> rewrites them).
/// </summary>
public sealed partial class JobPlanGoldenTests(PipelineRun run) : IClassFixture<PipelineRun>
{
    /// <summary>The plans of each job: ETL until the first statistics view, statistics until KMeans' standardisation query.</summary>
    private IReadOnlyDictionary<string, List<string>> PlansByJob()
    {
        var jobs = new Dictionary<string, List<string>> { ["etl"] = [], ["stats"] = [], ["cluster"] = [] };
        var current = "etl";
        foreach (var plan in run.Plans)
        {
            var json = Normalise(SparkConnectPlans.ToJson(plan));
            if (current == "etl" && json.Contains("\"name\": \"dc\"", StringComparison.Ordinal)) current = "stats";
            if (current == "stats" && json.Contains("\"stddev_samp\"", StringComparison.Ordinal) && json.Contains("mean_", StringComparison.Ordinal)) current = "cluster";
            jobs[current].Add(json);
        }
        return jobs;
    }

    private string Normalise(string json)
    {
        var text = json.Replace(run.Lake, "{LAKE}", StringComparison.Ordinal);
        text = SamplePath().Replace(text, "{SAMPLE}");
        return RunId().Replace(text, "{RUN}");
    }

    [GeneratedRegex(@"[^""]*/data/sample")]
    private static partial Regex SamplePath();

    /// <summary>The run id (staging folder, commit tags, transaction id of the writes).</summary>
    [GeneratedRegex(@"[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}")]
    private static partial Regex RunId();

    [Theory]
    [InlineData("etl", 3)]
    [InlineData("stats", 10)]
    [InlineData("cluster", 5)]
    public void Each_jobs_compiled_plans_match_their_golden_file(string job, int atLeast)
    {
        var plans = PlansByJob()[job];
        Assert.True(plans.Count >= atLeast, $"{job} sent only {plans.Count} plans");
        Snapshot.Match("jobs/" + job, "plans.json", "[\n" + string.Join(",\n", plans) + "\n]");
    }
}
