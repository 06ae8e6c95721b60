using System.Text.Json;
using CovidSpark.Jobs.Tests.Infrastructure;

namespace CovidSpark.Jobs.Tests.Pipeline;

/// <summary>The main command, invoked in-process on the shipped sample: exit code, summary, manifest, quarantine and report.</summary>
[Collection(SampleLakeCollection.Name)]
public sealed class EndToEndRunTests(SampleLakeFixture lake)
{
    [Fact]
    public void The_sample_completes_with_exit_code_2_because_of_its_one_duplicate_location()
    {
        Assert.True(lake.Run.ExitCode == 2, lake.Run.ToString());
        Assert.Contains("PARTIAL", lake.Run.Out);
        Assert.Contains(Path.Combine(lake.LakePath, "quarantine"), lake.Run.Out);
        Assert.Contains("2020-01-22 .. 2020-11-10 (16 days)", lake.Run.Out);
        Assert.Matches(@"etl\s+PARTIAL\s+46,868\s", lake.Run.Out);
    }

    [Fact]
    public async Task The_manifest_records_the_run_its_inputs_dates_and_every_job_with_counts()
    {
        var m = await ManifestReader.LatestAsync(lake.LakePath);
        var root = m.Root;

        Assert.Equal(Path.GetFileNameWithoutExtension(m.Path), root.GetProperty("run_id").GetString());
        Assert.Equal("duckdb", root.GetProperty("engine").GetString());
        Assert.Equal("PARTIAL", root.GetProperty("status").GetString());
        Assert.Equal(2, root.GetProperty("exit_code").GetInt32());
        Assert.True(root.GetProperty("ended_at").GetDateTimeOffset() >= root.GetProperty("started_at").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("error").ValueKind);
        var files = Directory.GetFiles(TestData.SampleReports, "*.csv").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(files, root.GetProperty("inputs").GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(Path.GetFullPath(lake.LakePath), root.GetProperty("inputs").GetProperty("lake").GetString());
        var dates = root.GetProperty("dates").EnumerateArray().Select(d => d.GetString()).ToList();
        Assert.Equal(16, dates.Count);
        Assert.Equal(("2020-01-22", "2020-11-10"), (dates[0], dates[^1]));
        Assert.Equal(["etl", "stats", "cluster"], root.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("job").GetString()));

        var rawRows = files.Sum(f => RawReport.Load(Path.Combine(TestData.SampleReports, f!)).Rows.Count);
        var etl = m.Job("etl");
        Assert.Equal(rawRows, etl.GetProperty("rows_in").GetInt64());
        Assert.Equal(1, etl.GetProperty("rows_quarantined").GetInt64());
        Assert.Equal(16, m.Etl("files"));
        Assert.Equal(0, m.Etl("files_quarantined"));
        Assert.Equal(1, m.Etl("header_rows_skipped"));
        Assert.Equal(rawRows - 1 - 1, m.Etl("daily_region_rows"));
        Assert.Equal((2, 1, 2, 9, 2), (m.Etl("schema_v1"), m.Etl("schema_v2"), m.Etl("schema_v3"), m.Etl("schema_v4"), m.Etl("schema_v5")));
        Assert.Equal(ReferenceTotals.Owid().Count, m.Etl("indicator_countries"));
        Assert.Equal(10, m.Etl("indicator_aggregates_excluded")); // 11 OWID_ rows, of which OWID_KOS is Kosovo, a country
        var stats = m.Job("stats");
        Assert.Equal("SUCCEEDED", stats.GetProperty("status").GetString());
        Assert.Equal(16, stats.GetProperty("counts").GetProperty("global_daily").GetInt64());
        var cluster = m.Job("cluster");
        Assert.Equal(4, cluster.GetProperty("counts").GetProperty("k").GetInt64());
        Assert.Equal("true", cluster.GetProperty("details").GetProperty("converged").GetString());
        Assert.True(cluster.GetProperty("rows_out").GetInt64() > 100);
    }

    [Fact]
    public async Task The_duplicate_row_is_in_the_quarantine_table_with_its_date_file_line_and_reason()
    {
        var q = await Lake.ReadAsync(lake.LakePath, "quarantine/daily_reports");

        var row = Assert.Single(q);
        Assert.Equal(new DateOnly(2020, 3, 22), row.GetAs<DateOnly>("report_date"));
        Assert.Equal("03-22-2020.csv", row.GetAs<string>("source_file"));
        Assert.Equal(1341, row.GetAs<int>("line"));
        Assert.Contains("duplicate location", row.GetAs<string>("reason"));
        Assert.Equal(File.ReadLines(TestData.Report("03-22")).ElementAt(1340), row.GetAs<string>("raw"));
        // the records are the table: no quarantine CSV is written for the daily reports
        Assert.Empty(Directory.GetFiles(Path.Combine(lake.LakePath, "quarantine", "daily_reports"), "*.csv", SearchOption.AllDirectories));
    }

    [Fact]
    public void The_report_is_one_self_contained_page_with_charts_and_the_top_countries()
    {
        var path = Path.Combine(lake.LakePath, "report.html");

        var html = File.ReadAllText(path);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<svg", html);
        Assert.True(html.Split("<svg").Length - 1 >= 3, "expected the daily, top-countries and cluster charts");
        Assert.Contains("Top countries by confirmed cases, 2020-11-10", html);
        Assert.Contains("India", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.Contains("CC BY 4.0", html);
        Assert.EndsWith("</html>", html.TrimEnd());
    }

    [Fact]
    public void Staging_is_cleaned_up()
    {
        var staging = Path.Combine(lake.LakePath, "_staging");

        Assert.True(!Directory.Exists(staging) || !Directory.EnumerateFileSystemEntries(staging).Any());
    }
}
