using CovidSpark.Delta.Log;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Jobs.Tests.Infrastructure;

namespace CovidSpark.Jobs.Tests.Pipeline;

/// <summary>The ETL job on a folder mixing a real report with broken ones: what is quarantined where, and what still loads.</summary>
public sealed class EtlQuarantineTests : IDisposable
{
    private readonly TempDir _dir = new();
    private const string Quarantine = "quarantine/daily_reports";

    public void Dispose() => _dir.Dispose();

    private string Input()
    {
        var input = _dir.CopyInto("input", TestData.Report("01-22"));
        _dir.Write("input/02-15-2020.csv", Fixtures.HalfMerged());
        _dir.Write("input/03-23-2020.csv", Fixtures.CustomHeader);
        _dir.Write("input/03-24-2020.csv", Fixtures.BadRows());
        _dir.Write("input/notes.csv", "not,a,report\n");
        return input;
    }

    [Fact]
    public async Task Broken_files_and_rows_are_quarantined_and_the_rest_loads()
    {
        var input = Input();
        var lake = _dir.Combine("lake");

        var outcome = await Lake.RunAsync(Lake.Options(input, lake, jobs: PipelineJobs.Etl));

        var m = outcome.Manifest;
        Assert.Equal(ExitCodes.CompletedWithQuarantine, m.ExitCode);
        Assert.Equal(["01-22-2020.csv", "02-15-2020.csv", "03-23-2020.csv", "03-24-2020.csv"], m.Inputs.Files);
        Assert.Equal(["2020-01-22", "2020-03-23", "2020-03-24"], m.Dates);
        var etl = Assert.Single(m.Jobs);
        // Rows in: every line under a header, the quarantined file's included, its header not.
        Assert.Equal(m.Inputs.Files.Sum(f => RawReport.Load(Path.Combine(input, f)).Rows.Count), etl.RowsIn);
        Assert.Equal(1, etl.Counts["files_quarantined"]);
        Assert.Equal(1 + 6, etl.RowsQuarantined);
        Assert.Equal(1, etl.Counts["schema_custom"]);
        Assert.Equal("People_Tested, Hospitalization_Rate", etl.Details!["unknown_columns_03-23-2020.csv"]);
        // The unseen header makes the load PARTIAL, with the reason.
        Assert.Equal("PARTIAL", etl.Status);
        Assert.Contains("unknown People_Tested, Hospitalization_Rate", etl.Details!["header_problem_03-23-2020.csv"]);
        Assert.Equal(1, etl.Counts["files_with_header_problems"]);
        // The counts add up: every record under a header is a row, a counted skip or a quarantine record.
        Assert.Equal(etl.RowsIn, etl.Counts["daily_region_rows"] + etl.Counts["report_rows_quarantined"] + etl.Counts["header_rows_skipped"]
            + etl.Counts["blank_lines_skipped"] + etl.Counts["rows_in_quarantined_files"]);
        Assert.Equal("02-15-2020.csv quarantined whole: merge conflict marker at line 6: not a daily report", etl.Details["not_loaded_2020-02-15"]);

        // The half-merged file: copied whole to quarantine/files, recorded with line 0, nothing of it loaded.
        var copy = Path.Combine(lake, "quarantine", "files", "02-15-2020.csv");
        Assert.Equal(File.ReadAllBytes(Path.Combine(input, "02-15-2020.csv")), File.ReadAllBytes(copy));
        var q = await Lake.ForDateAsync(lake, Quarantine, "2020-02-15");
        Assert.Equal(0, Assert.Single(q).GetAs<int>("line"));
        Assert.False(Directory.Exists(Path.Combine(lake, "trusted", "daily_region", "report_date=2020-02-15")));

        // The bad rows: each with its line and reason, next to the rows that loaded.
        var bad = await Lake.ForDateAsync(lake, Quarantine, "2020-03-24");
        Assert.Equal([4, 5, 6, 7, 8, 10], bad.Select(r => r.GetAs<int>("line")).Order());
        Assert.All(bad, r => Assert.Equal(r.GetAs<string>("raw"), System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(r.GetAs<string>("raw_base64")!))));
        Assert.All(bad, r => Assert.Equal("03-24-2020.csv", r.GetAs<string>("source_file")));
        Assert.Contains(bad, r => r.GetAs<int>("line") == 4 && r.GetAs<string>("reason")!.Contains("Confirmed", StringComparison.Ordinal));
        var loaded = await Lake.ForDateAsync(lake, "trusted/daily_region", "2020-03-24");
        Assert.Equal(["Greece", "Italy", "Spain"], loaded.Select(r => r.GetAs<string>("country")!).Order());

        // The unseen header: loaded by name, marked custom.
        var custom = await Lake.ForDateAsync(lake, "trusted/daily_region", "2020-03-23");
        Assert.All(custom, r => Assert.Equal("custom", r.GetAs<string>("schema_version")));
        Assert.Equal(63927, custom.Single(r => r.GetAs<string>("iso3") == "ITA").GetAs<long>("confirmed"));
        var china = Assert.Single(await Lake.ForDateAsync(lake, "trusted/daily_country", "2020-03-23"), r => r.GetAs<string>("iso3") == "CHN");
        Assert.Equal(67800, china.GetAs<long>("confirmed"));

        // The real file: all 38 rows, BOM and CRLF gone.
        var jan = await Lake.ForDateAsync(lake, "trusted/daily_region", "2020-01-22");
        Assert.Equal(38, jan.Count);
        Assert.Contains(jan, r => r.GetAs<string>("province_state") == "Anhui" && r.GetAs<long?>("deaths") is null);
        Assert.All(jan, r => Assert.Equal("v1", r.GetAs<string>("schema_version")));
    }

    [Fact]
    public async Task The_manifest_counts_of_every_sample_file_add_up()
    {
        var outcome = await Lake.RunAsync(Lake.Options(TestData.SampleReports, _dir.Combine("lake"), jobs: PipelineJobs.Etl));

        var etl = Assert.Single(outcome.Manifest.Jobs);
        Assert.Equal(etl.RowsIn, etl.Counts["daily_region_rows"] + etl.Counts["report_rows_quarantined"] + etl.Counts["header_rows_skipped"]
            + etl.Counts["blank_lines_skipped"] + etl.Counts["rows_in_quarantined_files"]);
        Assert.Equal(etl.RowsQuarantined, etl.Counts["report_rows_quarantined"] + etl.Counts["files_quarantined"]);
        Assert.True(etl.Counts["rows_with_deaths_above_confirmed"] > 0); // JHU's "Unassigned" rows
    }

    [Fact]
    public async Task A_header_only_file_and_an_input_whose_only_file_is_quarantined_say_what_happened_to_their_date()
    {
        var input = _dir.Folder("only-header");
        File.WriteAllText(Path.Combine(input, "11-11-2020.csv"), File.ReadLines(TestData.Report("11-10")).First() + "\n");
        var lake = _dir.Combine("lake");

        var outcome = await Lake.RunAsync(Lake.Options(input, lake));

        Assert.Equal(ExitCodes.Failure, outcome.Manifest.ExitCode);
        Assert.Contains("2020-11-11: 11-11-2020.csv quarantined whole: the file has a header and no data rows", outcome.Manifest.Error);
        Assert.DoesNotContain("run the etl job first", outcome.Manifest.Error);
        Assert.Equal(["2020-11-11: 11-11-2020.csv quarantined whole: the file has a header and no data rows: nothing to load for 2020-11-11"],
            outcome.Manifest.DatesNotLoaded());

        // Next to a date that loads, the run completes PARTIAL and names the date that did not.
        File.Copy(TestData.Report("11-10"), Path.Combine(input, "11-10-2020.csv"));
        var both = await Lake.RunAsync(Lake.Options(input, lake, jobs: PipelineJobs.Etl));
        Assert.Equal(ExitCodes.CompletedWithQuarantine, both.Manifest.ExitCode);
        Assert.Single(both.Manifest.DatesNotLoaded());
    }

    [Fact]
    public async Task Fixing_a_file_and_re_running_its_date_loads_it_and_clears_its_quarantine_record()
    {
        var input = Input();
        var lake = _dir.Combine("lake");
        await Lake.RunAsync(Lake.Options(input, lake, jobs: PipelineJobs.Etl));
        File.Copy(TestData.Report("02-15"), Path.Combine(input, "02-15-2020.csv"), overwrite: true);

        var outcome = await Lake.RunAsync(Lake.Options(input, lake, "2020-02-15", "2020-02-15", jobs: PipelineJobs.Etl));

        Assert.Equal(ExitCodes.Success, outcome.Manifest.ExitCode);
        // The date has no record now: the one commit of the re-run removed its old one (replaceWhere of the run's dates).
        Assert.Empty(await Lake.ForDateAsync(lake, Quarantine, "2020-02-15"));
        Assert.False(File.Exists(Path.Combine(lake, "quarantine", "files", "02-15-2020.csv")));
        Assert.Equal(RawReport.Load(TestData.Report("02-15")).Rows.Count, (await Lake.ForDateAsync(lake, "trusted/daily_region", "2020-02-15")).Count);
        // Other dates' quarantine records stay.
        Assert.Equal(6, (await Lake.ForDateAsync(lake, Quarantine, "2020-03-24")).Count);
        var log = DeltaLog.ForPath(Path.Combine(lake, Quarantine));
        var commit = (await log.HistoryAsync(1)).Single().CommitInfo!;
        Assert.Equal(("etl", outcome.Manifest.RunId), (commit.Tag("job"), commit.Tag("runId")));
        Assert.Equal("[\"report_date IN ('2020-02-15')\"]", commit.Fields["operationParameters"]!["predicate"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_date_with_only_ship_rows_and_a_date_with_every_row_quarantined_load_next_to_a_real_one()
    {
        var input = _dir.CopyInto("input", TestData.Report("01-22"));
        _dir.Write("input/02-07-2020.csv", "Province/State,Country/Region,Last Update,Confirmed,Deaths,Recovered\n" +
            "Diamond Princess cruise ship,Others,2020-02-07T01:53:02,61,0,0\n");
        _dir.Write("input/02-08-2020.csv", "Province/State,Country/Region,Last Update,Confirmed,Deaths,Recovered\n" +
            ",Italy,2020-02-08T01:53:02,three,0,0\n");
        var lake = _dir.Combine("lake");

        var outcome = await Lake.RunAsync(Lake.Options(input, lake, jobs: PipelineJobs.Etl));

        Assert.Equal(ExitCodes.CompletedWithQuarantine, outcome.Manifest.ExitCode);
        var etl = Assert.Single(outcome.Manifest.Jobs);
        Assert.Equal(1, etl.RowsQuarantined);
        var ship = Assert.Single(await Lake.ForDateAsync(lake, "trusted/daily_region", "2020-02-07"));
        Assert.Equal("ship", ship.GetAs<string>("location_type"));
        Assert.False(Directory.Exists(Path.Combine(lake, "trusted", "daily_country", "report_date=2020-02-07")));
        Assert.False(Directory.Exists(Path.Combine(lake, "trusted", "daily_region", "report_date=2020-02-08")));
        Assert.NotEmpty(await Lake.ForDateAsync(lake, "trusted/daily_country", "2020-01-22"));
    }
    [Fact]
    public async Task A_line_of_megabytes_and_lines_with_nul_bad_bytes_or_a_quoted_line_break_reach_the_quarantine_table_whole()
    {
        var header = "Province/State,Country/Region,Last Update,Confirmed,Deaths,Recovered\n"u8.ToArray();
        byte[][] lines =
        [
            ",Italy,2020-02-08T01:53:02,3,0,0\n"u8.ToArray(),
            [.. ",Spa"u8, 0, .. "in,2020-02-08T01:53:02,3,0,0\n"u8],
            [.. ",Fr"u8, 0xFF, .. "ance,2020-02-08T01:53:02,3,0,0\n"u8],
            ",\"Gree\nce\",2020-02-08T01:53:02,three,0,0\n"u8.ToArray(),
            [.. ",Germany,2020-02-08T01:53:02,"u8, .. Enumerable.Repeat((byte)'9', 3_000_000), .. ",0,0\n"u8],
        ];
        var input = _dir.Folder("input");
        File.WriteAllBytes(Path.Combine(input, "02-08-2020.csv"), [.. header, .. lines.SelectMany(l => l)]);
        var lake = _dir.Combine("lake");

        var outcome = await Lake.RunAsync(Lake.Options(input, lake, jobs: PipelineJobs.Etl));

        Assert.Equal(ExitCodes.CompletedWithQuarantine, outcome.Manifest.ExitCode);
        var rows = (await Lake.ForDateAsync(lake, Quarantine, "2020-02-08")).OrderBy(r => r.GetAs<int>("line")).ToList();
        Assert.Equal(4, rows.Count);
        // each record's original bytes, whole: the 3 MB line too (its text is cut at 64 KiB)
        Assert.Equal(lines[1..].Select(l => Convert.ToBase64String(l.AsSpan(0, l.Length - 1))), rows.Select(r => r.GetAs<string>("raw_base64")));
        Assert.Equal(",Spa\0in,2020-02-08T01:53:02,3,0,0", rows[0].GetAs<string>("raw"));
        Assert.Equal(",\"Gree\nce\",2020-02-08T01:53:02,three,0,0", rows[2].GetAs<string>("raw"));
        Assert.Equal(64 * 1024, rows[3].GetAs<string>("raw")!.Length);
    }
}
