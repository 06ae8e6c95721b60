using CovidSpark.Connect.Tests.Fakes;
using CovidSpark.Jobs.Cluster;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Spark.Connect.Proto;
using Grpc.Core;

namespace CovidSpark.Connect.Tests.Pipeline;

/// <summary>
/// Other answers from the server give other outcomes: centroids that never settle, too few countries for k, and a Spark
/// error on the first write. Each is a fresh pipeline run on three sample days against the fake server.
/// </summary>
public sealed class PipelineOutcomesOverSparkConnectTests : ConnectTestBase, IDisposable
{
    private readonly string _lake = Path.Combine(Path.GetTempPath(), "covidspark-pipeline-outcomes-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_lake)) Directory.Delete(_lake, recursive: true);
    }

    [Fact]
    public async Task KMeans_whose_centroids_keep_moving_stops_at_max_iterations_and_reports_that_it_did_not_converge()
    {
        var answers = new PipelineAnswers(_lake, PipelineRun.Dates,
            i => new Dictionary<int, double[]> { [0] = [-1 - i * 0.25, 0, 0], [1] = [0, i * 0.25, 0], [2] = [1 + i * 0.25, 0, 0] });
        Server.Answer = answers.Answer;

        var outcome = await PipelineRun.RunAsync(Server, _lake, PipelineJobs.Etl | PipelineJobs.Cluster, new KMeansOptions(K: 3, MaxIterations: 4));

        var m = outcome.Manifest;
        Assert.True(m.Error is null, m.Error);
        Assert.Equal(["etl", "cluster"], m.Jobs.Select(j => j.Job));
        var cluster = m.Jobs[1];
        Assert.Equal(("SUCCEEDED", 4L, "false"), (cluster.Status, cluster.Counts["iterations"], cluster.Details!["converged"]));
        Assert.Equal(4, answers.Iterations.Count);
        Assert.Empty(answers.Unexpected);
    }

    [Fact]
    public async Task Fewer_countries_than_k_in_the_servers_answer_fail_the_cluster_job_with_both_numbers()
    {
        var answers = new PipelineAnswers(_lake, PipelineRun.Dates);
        Server.Answer = answers.Answer;

        var outcome = await PipelineRun.RunAsync(Server, _lake, PipelineJobs.Etl | PipelineJobs.Cluster, new KMeansOptions(K: PipelineAnswers.Points.Length + 1));

        var m = outcome.Manifest;
        Assert.Equal(("FAILED", ExitCodes.Failure), (m.Status, m.ExitCode));
        Assert.Contains($"k={PipelineAnswers.Points.Length + 1}", m.Error);
        Assert.Contains($"found {PipelineAnswers.Points.Length}", m.Error);
        Assert.Equal([("etl", "SUCCEEDED"), ("cluster", "FAILED")], m.Jobs.Select(j => (j.Job, j.Status)));
        // It stopped after the standardisation aggregate: no k-means++ points, no iteration, no clusters written.
        Assert.Empty(answers.Iterations);
        Assert.DoesNotContain(Server.Requests<ExecutePlanRequest>(), e => e.Plan.Command?.WriteOperation?.Path.EndsWith("/refined/clusters", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_Spark_error_on_the_first_write_fails_the_run_with_Sparks_error_class_and_sends_nothing_more()
    {
        Server.Answer = new PipelineAnswers(_lake, PipelineRun.Dates).Answer;
        Server.FailWith("ExecutePlan", FakeSparkConnectService.SparkError(StatusCode.Internal, "INSUFFICIENT_PERMISSIONS",
            "org.apache.spark.SparkSecurityException", "[INSUFFICIENT_PERMISSIONS] Insufficient privileges: write to quarantine/daily_reports", sqlState: "42501"));

        var outcome = await PipelineRun.RunAsync(Server, _lake, PipelineJobs.All, new KMeansOptions(K: PipelineRun.K));

        var m = outcome.Manifest;
        Assert.Equal(("spark", "FAILED", ExitCodes.Failure), (m.Engine, m.Status, m.ExitCode));
        Assert.Contains("INSUFFICIENT_PERMISSIONS", m.Error);
        var etl = Assert.Single(m.Jobs);
        Assert.Equal(("etl", "FAILED"), (etl.Job, etl.Status));
        Assert.Contains("INSUFFICIENT_PERMISSIONS", etl.Details!["error"]);
        var sent = Assert.Single(Server.Requests<ExecutePlanRequest>());
        Assert.EndsWith("/quarantine/daily_reports", sent.Plan.Command.WriteOperation.Path); // the end of staging: the quarantine records
        Assert.True(File.Exists(outcome.ManifestPath), "the failed run left no manifest");
    }
}
