using System.Text.Json;

namespace CovidSpark.Jobs.Cli.Tests.Commands;

/// <summary><c>lake history</c> names the run, job, report dates and transaction of each commit the jobs made.</summary>
public sealed class LakeHistoryTests
{
    [Fact]
    public async Task History_shows_each_commits_run_job_dates_and_txn()
    {
        using var dir = new TempDir();
        var lake = dir.Combine("lake");
        var run = await JobsCli.RunAsync("run", "--lake", lake, "--jobs", "etl", "--from", "2020-11-09", "--to", "2020-11-10", "--json");
        Assert.True(run.ExitCode is 0 or 2, run.ToString());
        var runId = JsonDocument.Parse(run.Out).RootElement.GetProperty("run_id").GetString()!;

        var history = await JobsCli.RunAsync("lake", "history", "daily_country", "--lake", lake);
        Assert.True(history.ExitCode == 0, history.ToString());
        var line = Assert.Single(history.Out.Split('\n'), l => l.TrimStart().StartsWith("0 ", StringComparison.Ordinal));
        Assert.Contains(runId, line);
        Assert.Contains(" etl ", line);
        Assert.Contains("2020-11-09..2020-11-10", line);
        Assert.Contains($"covidspark-etl-{runId}@", line);
        Assert.Contains("report dates", history.Out);
    }
}
