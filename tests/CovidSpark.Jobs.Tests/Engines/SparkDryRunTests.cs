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
        // A report an earlier run left: the dry run must not name it as its own.
        dir.Write(Path.Combine("lake", "report.html"), "<!DOCTYPE html>");

        // Port 9 (discard) on loopback: a dry run must not even try to connect.
        var result = await JobsCli.RunAsync("run", "--engine", "spark", "--remote", "sc://127.0.0.1:9", "--dry-run", "--plan-out", plans,
            "--input", input, "--lookup", TestData.SampleLookup, "--indicators", TestData.SampleIndicators, "--lake", dir.Combine("lake"), "-q");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("--- plan 0001: ", result.Out);
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
        // The manifest says it was a dry run, and the summary names no report it did not write.
        var m = await ManifestReader.LatestAsync(dir.Combine("lake"));
        Assert.Equal("DRY_RUN", m.Root.GetProperty("status").GetString());
        Assert.True(m.Root.GetProperty("dry_run").GetBoolean());
        Assert.All(m.Root.GetProperty("jobs").EnumerateArray(), j => Assert.Equal("DRY_RUN", j.GetProperty("status").GetString()));
        Assert.DoesNotContain("Report:", result.Out);
        Assert.Contains("Dry run:", result.Out);
    }

    [Fact]
    public async Task A_dry_run_says_what_each_plan_does_and_shows_its_SQL_as_written_before_the_JSON()
    {
        using var dir = new TempDir();
        var input = dir.Folder("in");
        File.Copy(TestData.Report("11-10"), Path.Combine(input, "11-10-2020.csv"));
        var lake = dir.Combine("lake");

        var result = await JobsCli.RunAsync("run", "--engine", "spark", "--remote", "sc://127.0.0.1:9", "--dry-run",
            "--input", input, "--lookup", TestData.SampleLookup, "--indicators", TestData.SampleIndicators, "--lake", lake, "-q");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var headers = lines.Where(l => l.StartsWith("--- plan ", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(1, headers.Count).Select(i => $"--- plan {i:0000}: "), headers.Select(h => h[..15]));
        Assert.All(headers, h => Assert.Matches(@"^--- plan \d{4}: .+ \(\d+ bytes\) ---$", h));
        var trusted = Path.Combine(Path.GetFullPath(lake), "trusted");
        // the writer options follow the partitioning: the dynamic overwrite and the run's commit tags and transaction
        Assert.Contains(headers, h => h.StartsWith(
            $"--- plan 0004: command: write delta overwrite to {trusted}/daily_country, partitioned by report_date (", StringComparison.Ordinal)
            && h.Contains("partitionOverwriteMode=dynamic", StringComparison.Ordinal) && h.Contains("txnAppId=covidspark-etl-", StringComparison.Ordinal));
        Assert.Contains(headers, h => h.StartsWith($"--- plan 0002: command: write delta overwrite to {trusted}/countries (", StringComparison.Ordinal));
        Assert.Contains(headers, h => h.StartsWith("--- plan 0005: query (", StringComparison.Ordinal));
        // first, at the end of staging: the quarantine records, replacing the run's dates
        var quarantine = Path.Combine(Path.GetFullPath(lake), "quarantine", "daily_reports");
        Assert.Contains(headers, h => h.StartsWith($"--- plan 0001: command: write delta overwrite to {quarantine}, partitioned by report_date (", StringComparison.Ordinal)
            && h.Contains("replaceWhere=report_date IN ('2020-11-10')", StringComparison.Ordinal) && !h.Contains("partitionOverwriteMode", StringComparison.Ordinal));
        Assert.Contains(headers, h => h.Contains(": command: temp view facts (Spark SQL) (", StringComparison.Ordinal));

        // The statistics SQL is printed as written (one SQL line per output line, no JSON escapes), under its label, before the JSON.
        var sqlLine = lines.IndexOf("FROM place_facts GROUP BY report_date, continent ORDER BY report_date, continent");
        Assert.True(sqlLine > 0, "the continent_stats SQL is not printed as plain text");
        var label = lines.FindLastIndex(sqlLine, l => l == "Spark SQL:");
        var json = lines.FindIndex(sqlLine, l => l == "spark.connect.Plan (JSON):");
        Assert.True(label >= 0 && json > sqlLine, "SQL text is not between its label and the plan's JSON");
        Assert.StartsWith("SELECT report_date, continent, COUNT(*) AS countries", lines[label + 1]);
        Assert.True(lines.FindLastIndex(label, l => l.StartsWith("--- plan ", StringComparison.Ordinal)) > lines.FindLastIndex(label, l => l == "spark.connect.Plan (JSON):"),
            "the SQL text belongs to the previous plan's block");
    }

    [Fact]
    public async Task Dry_run_on_the_embedded_engine_is_refused_with_the_fix()
    {
        var result = await JobsCli.RunAsync("run", "--dry-run", "-q");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("add --engine spark", result.Error);
    }
}
