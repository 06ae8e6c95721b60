using CovidSpark.Jobs.Pipeline;
using CovidSpark.Jobs.Tests.Infrastructure;

namespace CovidSpark.Jobs.Tests.Pipeline;

/// <summary><c>run --jobs stats,cluster</c>: recomputing the refined tables from what the lake holds, without the ETL.</summary>
public sealed class LakeOnlyJobsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Statistics_and_clustering_alone_run_on_the_dates_the_lake_holds_not_on_the_input_folder()
    {
        var lake = _dir.Combine("lake");
        var input = _dir.CopyInto("input", TestData.Report("11-01"), TestData.Report("11-02"), TestData.Report("11-03"));
        await Lake.RunAsync(Lake.Options(input, lake, jobs: PipelineJobs.Etl));

        // The input folder (the sample, 16 dates) is not what the lake holds (3 dates).
        var outcome = await Lake.RunAsync(Lake.Options(TestData.SampleReports, lake, jobs: PipelineJobs.Stats | PipelineJobs.Cluster));

        Assert.True(outcome.Manifest.ExitCode == ExitCodes.Success, outcome.Manifest.Error);
        Assert.Equal(["2020-11-01", "2020-11-02", "2020-11-03"], outcome.Manifest.Dates);
        var clusters = await Lake.ReadAsync(lake, "refined/clusters");
        Assert.Contains(clusters, r => r.GetAs<double?>("cases_per_thousand") is not null); // joined to the lake's last date, 11-03
        Assert.Equal(3, (await Lake.ReadAsync(lake, "refined/global_daily")).Count);
    }

    [Fact]
    public async Task Statistics_alone_on_an_empty_lake_say_to_run_the_etl_first()
    {
        var outcome = await Lake.RunAsync(Lake.Options(TestData.SampleReports, _dir.Combine("lake"), jobs: PipelineJobs.Stats));

        Assert.Equal(ExitCodes.Failure, outcome.Manifest.ExitCode);
        Assert.Contains("no trusted dates", outcome.Manifest.Error);
        Assert.Contains("run the etl job first", outcome.Manifest.Error);
    }
}
