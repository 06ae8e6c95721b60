using CovidSpark.Jobs.Pipeline;
using CovidSpark.Jobs.Tests.Infrastructure;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Jobs.Tests.Pipeline;

/// <summary>Runs of a few days at a time into one lake, the way a daily schedule and a manual backfill use it.</summary>
public sealed class IncrementalRunTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<PipelineOutcome> Etl(string lake, string from, string to, string? input = null) =>
        Lake.RunAsync(Lake.Options(input ?? TestData.SampleReports, lake, from, to, PipelineJobs.Etl));

    private static Row Of(IReadOnlyList<Row> rows, string iso3) => Assert.Single(rows, r => r.GetAs<string>("iso3") == iso3);

    private static SortedDictionary<string, string> Partitions(string lake, string monthDay) =>
        new(Lake.Hashes(Path.Combine(lake, "trusted")).Where(kv => kv.Key.Contains($"report_date=2020-{monthDay}")).ToDictionary());

    [Fact]
    public async Task One_more_day_takes_its_previous_day_and_its_week_from_the_lake()
    {
        var lake = _dir.Combine("lake");
        await Etl(lake, "2020-11-01", "2020-11-05");
        var before = Lake.Hashes(Path.Combine(lake, "trusted", "daily_country"));

        await Etl(lake, "2020-11-06", "2020-11-06");
        var six = await Lake.ForDateAsync(lake, "trusted/daily_country", "2020-11-06");

        var (d5, d6) = (ReferenceTotals.ForDay("11-05"), ReferenceTotals.ForDay("11-06"));
        Assert.Equal(d6["USA"].Confirmed - d5["USA"].Confirmed, Of(six, "USA").GetAs<long?>("new_confirmed"));
        Assert.Equal(1, Of(six, "USA").GetAs<long?>("days_since_previous"));
        Assert.All(six.Where(r => d5.ContainsKey(r.GetAs<string>("iso3")!)), r => Assert.Equal(
            d6[r.GetAs<string>("iso3")!].Confirmed - d5[r.GetAs<string>("iso3")!].Confirmed, r.GetAs<long?>("new_confirmed")));
        // Adding a day leaves the days already in the lake as they were.
        var after = Lake.Hashes(Path.Combine(lake, "trusted", "daily_country"));
        Assert.All(before, kv => Assert.Equal(kv.Value, after[kv.Key]));

        await Etl(lake, "2020-11-07", "2020-11-08");
        var eight = Of(await Lake.ForDateAsync(lake, "trusted/daily_country", "2020-11-08"), "USA");
        var d1 = ReferenceTotals.ForDay("11-01");
        Assert.Equal((ReferenceTotals.ForDay("11-08")["USA"].Confirmed - d1["USA"].Confirmed) / 7.0, eight.GetAs<double>("new_confirmed_7d_avg"), 9);
    }

    [Fact]
    public async Task A_daily_run_opens_only_the_partitions_of_its_window_not_the_whole_lake()
    {
        var lake = _dir.Combine("lake");
        await Etl(lake, "2020-11-01", "2020-11-05");
        // Partitions far outside every lookback window that no reader of the table could open: a file that is not Parquet.
        // A run that read whole tables (and let the engine prune) would list them, and take its schema from the first.
        foreach (var table in new[] { "daily_country", "daily_region" })
        {
            var old = Directory.CreateDirectory(Path.Combine(lake, "trusted", table, "report_date=2019-01-01")).FullName;
            File.WriteAllText(Path.Combine(old, "part-0.parquet"), "not parquet");
        }

        var outcome = await Lake.RunAsync(Lake.Options(TestData.SampleReports, lake, "2020-11-06", "2020-11-06"));

        Assert.True(outcome.Manifest.ExitCode == ExitCodes.Success, outcome.Manifest.Error);
        // A whole-table read does not trip over the planted files either: readers read the Delta log's files only.
        var usa = Of(await Lake.ForDateAsync(lake, "trusted/daily_country", "2020-11-06"), "USA");
        Assert.NotEmpty(await Lake.ReadAsync(lake, "trusted/daily_region"));
        Assert.Equal(1, usa.GetAs<long?>("days_since_previous"));
        Assert.NotEmpty(await Lake.ForDateAsync(lake, "refined/country_trends", "2020-11-06"));
    }

    [Fact]
    public async Task Re_running_a_date_replaces_only_that_dates_partitions()
    {
        var lake = _dir.Combine("lake");
        await Etl(lake, "2020-11-01", "2020-11-05");
        var before = Lake.Hashes(Path.Combine(lake, "trusted"));

        // Same input again: the same bytes, and nothing later to refresh.
        var same = await Etl(lake, "2020-11-03", "2020-11-03");
        Assert.Equal(before, Lake.Hashes(Path.Combine(lake, "trusted")));
        Assert.Equal(0, Assert.Single(same.Manifest.Jobs).Counts["following_dates_to_refresh"]);

        // JHU re-issues 11-03 with Italy corrected: only 11-03's partitions change, and they are replaced, not appended to.
        var reissue = _dir.Folder("reissue");
        var lines = File.ReadAllLines(TestData.Report("11-03"));
        var lombardia = Array.FindIndex(lines, l => l.Contains(",Lombardia,Italy,", StringComparison.Ordinal));
        var raw = RawReport.Load(TestData.Report("11-03"));
        var oldValue = raw.Confirmed(raw.Rows[lombardia - 1]);
        lines[lombardia] = lines[lombardia].Replace($",{oldValue},", $",{oldValue + 1000},");
        File.WriteAllLines(Path.Combine(reissue, "11-03-2020.csv"), lines);
        var rerun = await Etl(lake, "2020-11-03", "2020-11-03", reissue);

        // 11-04 and 11-05 took their new cases from the old 11-03: the run names them for a refresh instead of rewriting them.
        var etl = Assert.Single(rerun.Manifest.Jobs);
        Assert.Equal(2, etl.Counts["following_dates_to_refresh"]);
        Assert.Equal("2020-11-04, 2020-11-05", etl.Details!["following_dates_to_refresh"]);

        var after = Lake.Hashes(Path.Combine(lake, "trusted"));
        Assert.Equal(before.Keys, after.Keys);
        var changed = before.Keys.Where(k => before[k] != after[k]).ToList();
        Assert.Contains(changed, k => k.StartsWith("daily_country", StringComparison.Ordinal));
        Assert.Contains(changed, k => k.StartsWith("daily_region", StringComparison.Ordinal));
        Assert.All(changed, k => Assert.Contains("report_date=2020-11-03", k));
        var italy = Of(await Lake.ForDateAsync(lake, "trusted/daily_country", "2020-11-03"), "ITA");
        Assert.Equal(ReferenceTotals.ForDay("11-03")["ITA"].Confirmed + 1000, italy.GetAs<long>("confirmed"));
        Assert.Equal(raw.Rows.Count, (await Lake.ForDateAsync(lake, "trusted/daily_region", "2020-11-03")).Count);
    }

    [Fact]
    public async Task A_date_re_run_alone_gives_the_bytes_it_got_in_a_longer_run()
    {
        var input = _dir.CopyInto("input", TestData.Report("05-29"), TestData.Report("11-01"), TestData.Report("11-02"));
        var lake = _dir.Combine("lake");
        await Etl(lake, "2020-05-29", "2020-11-02", input);
        var before = Lake.Hashes(Path.Combine(lake, "trusted"));

        await Etl(lake, "2020-11-01", "2020-11-01", input);
        await Etl(lake, "2020-11-02", "2020-11-02", input);

        Assert.Equal(before, Lake.Hashes(Path.Combine(lake, "trusted")));
    }

    [Fact]
    public async Task A_run_of_scattered_dates_takes_each_dates_previous_day_from_the_lake_and_the_run_together()
    {
        var lake = _dir.Combine("lake");
        await Etl(lake, "2020-03-01", "2020-11-10");
        var before = Lake.Hashes(Path.Combine(lake, "trusted"));

        // Only 03-22 and 11-05 in the input: 11-05's previous day is 11-04 in the lake, not 03-22 of the same run.
        var input = _dir.CopyInto("two-dates", TestData.Report("03-22"), TestData.Report("11-05"));
        var outcome = await Etl(lake, "2020-03-01", "2020-11-10", input);

        var usa = Of(await Lake.ForDateAsync(lake, "trusted/daily_country", "2020-11-05"), "USA");
        Assert.Equal(1, usa.GetAs<long?>("days_since_previous"));
        Assert.Equal(ReferenceTotals.ForDay("11-05")["USA"].Confirmed - ReferenceTotals.ForDay("11-04")["USA"].Confirmed, usa.GetAs<long?>("new_confirmed"));
        // The same input gives the same bytes whichever dates share the run, and nothing later needs a refresh.
        Assert.Equal(before, Lake.Hashes(Path.Combine(lake, "trusted")));
        Assert.Equal(0, Assert.Single(outcome.Manifest.Jobs).Counts["following_dates_to_refresh"]);
    }

    [Fact]
    public async Task A_date_loaded_between_lake_dates_names_the_following_dates_whose_previous_day_changed()
    {
        var lake = _dir.Combine("lake");
        var without = _dir.CopyInto("without-11-03", [.. new[] { "11-01", "11-02", "11-04", "11-05" }.Select(TestData.Report)]);
        await Etl(lake, "2020-11-01", "2020-11-05", without);

        var outcome = await Etl(lake, "2020-11-03", "2020-11-03");

        Assert.Equal("2020-11-04, 2020-11-05", Assert.Single(outcome.Manifest.Jobs).Details!["following_dates_to_refresh"]);
    }

    [Fact]
    public async Task A_rerun_counts_only_the_revisions_of_the_dates_it_ran()
    {
        var lake = _dir.Combine("lake");
        await Etl(lake, "2020-11-04", "2020-11-08");
        var flagged = (await Lake.ReadAsync(lake, "trusted/daily_country")).Where(r => r.GetAs<bool>("is_revision"))
            .GroupBy(r => r.GetAs<DateOnly>("report_date")).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.True(flagged.GetValueOrDefault(Lake.Day("11-05")) > 0 && flagged.GetValueOrDefault(Lake.Day("11-08")) > 0);

        var outcome = await Etl(lake, "2020-11-05", "2020-11-05");

        Assert.Equal(flagged[Lake.Day("11-05")], Assert.Single(outcome.Manifest.Jobs).Counts["negative_new_case_rows_flagged"]);
    }

    [Fact]
    public async Task The_same_input_gives_byte_identical_lakes()
    {
        var (one, two) = (_dir.Combine("one"), _dir.Combine("two"));

        var first = await Lake.RunAsync(Lake.Options(TestData.SampleReports, one, "2020-11-01", "2020-11-03"));
        var second = await Lake.RunAsync(Lake.Options(TestData.SampleReports, two, "2020-11-01", "2020-11-03"));

        Assert.Equal(ExitCodes.Success, first.Manifest.ExitCode);
        Assert.Equal(ExitCodes.Success, second.Manifest.ExitCode);
        var (h1, h2) = (Lake.Hashes(one), Lake.Hashes(two));
        foreach (var h in new[] { h1, h2 })
            foreach (var key in h.Keys.Where(k => k.StartsWith("_runs", StringComparison.Ordinal)).ToList()) h.Remove(key);
        Assert.Equal(h1, h2);
        Assert.Contains(h1.Keys, k => k.StartsWith(Path.Combine("refined", "clusters"), StringComparison.Ordinal));
        Assert.True(h1.Count > 20);
    }
}
