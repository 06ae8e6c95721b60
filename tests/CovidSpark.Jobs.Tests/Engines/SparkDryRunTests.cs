using CovidSpark.Jobs.Tests.Infrastructure;

namespace CovidSpark.Jobs.Tests.Engines;

/// <summary><c>run --engine spark --dry-run --plan-out DIR</c>: every plan the jobs would send, printed and saved, nothing sent.</summary>
public sealed class SparkDryRunTests
{
    [Fact]
    public async Task A_dry_run_prints_and_saves_every_plan_of_the_three_jobs_without_a_server()
    {
        using var dir = new TempDir();
        var input = dir.Folder("in");
        foreach (var d in new[] { "11-09", "11-10" }) File.Copy(TestData.Report(d), Path.Combine(input, $"{d}-2020.csv"));
        var plans = dir.Combine("plans");

        // Port 9 (discard) on loopback: a dry run must not even try to connect.
        var result = await Infrastructure.Cli.RunAsync("run", "--engine", "spark", "--remote", "sc://127.0.0.1:9", "--dry-run", "--plan-out", plans,
            "--input", input, "--lookup", TestData.SampleLookup, "--indicators", TestData.SampleIndicators, "--lake", dir.Combine("lake"), "-q");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("--- plan 0001", result.Out);
        var bins = Directory.GetFiles(plans, "*.bin");
        Assert.True(bins.Length >= 10, $"only {bins.Length} plans recorded");
        Assert.All(bins, b => Assert.True(new FileInfo(b).Length > 0));
        Assert.Equal(bins.Length, Directory.GetFiles(plans, "*.json").Length);
        // The statistics are portable SQL sent as SQL relations; the write of daily_country partitions by report_date.
        var json = string.Join("\n", Directory.GetFiles(plans, "*.json").Select(File.ReadAllText));
        Assert.Contains("CORR(hdi, cases_per_thousand)", json);
        Assert.Contains("report_date", json);
        Assert.Contains("writeOperation", json);
        Assert.False(Directory.Exists(dir.Combine("lake", "trusted")));
    }

    [Fact]
    public async Task Dry_run_on_the_embedded_engine_is_refused_with_the_fix()
    {
        var result = await Infrastructure.Cli.RunAsync("run", "--dry-run", "-q");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("add --engine spark", result.Error);
    }
}
