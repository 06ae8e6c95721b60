using System.Text.Json;
using CovidSpark.Jobs.Etl;

namespace CovidSpark.Jobs.Cli.Tests.Commands;

/// <summary>
/// The quarantine records as the Delta table <c>quarantine/daily_reports</c> through the <c>lake</c> command: listed, shown,
/// queried as <c>quarantine</c>, with history, time travel, restore, check and vacuum — and an earlier lake's per-date
/// quarantine CSV files converted into it, losing nothing.
/// </summary>
public sealed class LakeQuarantineTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private async Task<CliResult> Lake(params string[] args) => await JobsCli.RunAsync(["lake", .. args, "--lake", _dir.Combine("lake")]);

    private async Task<JsonElement> Json(params string[] args)
    {
        var r = await Lake([.. args, "--json"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return JsonDocument.Parse(r.Out).RootElement;
    }

    private async Task<List<Dictionary<string, string?>>> Rows(params string[] args)
    {
        var r = await Lake([.. args, "--json"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return [.. r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<Dictionary<string, string?>>(l)!)];
    }

    private Task<CliResult> RunEtl(string input) =>
        JobsCli.RunAsync("run", "--input", input, "--lake", _dir.Combine("lake"), "--jobs", "etl", "-q", "--no-report");

    /// <summary>A report of 03-24 with two good rows and two bad ones (lines 3 and 4).</summary>
    private const string BadRows =
        "FIPS,Admin2,Province_State,Country_Region,Last_Update,Lat,Long_,Confirmed,Deaths,Recovered,Active,Combined_Key\n" +
        ",,,Italy,2020-03-23 23:19:34,41.8719,12.5674,63927,6077,7432,50418,Italy\n" +
        ",,,France,2020-03-23 23:19:34,46.2276,2.2137,20x123,862,3288,15973,France\n" +
        ",,,Germany,2020-03-23 23:19:34,51.1657,10.4515,29056,123,453,28480,Germany,oops\n" +
        ",,,Spain,2020-03-23 23:19:34,40.4637,-3.7492,35136,2311,3355,29470,Spain\n";

    [Fact]
    public async Task The_lake_command_lists_shows_queries_restores_checks_and_vacuums_the_quarantine_table()
    {
        var input = _dir.CopyInto("input", TestData.Report("01-22"));
        _dir.Write("input/03-24-2020.csv", BadRows);
        var run = await RunEtl(input);
        Assert.True(run.ExitCode == 2, run.ToString());

        var table = Assert.Single((await Json("tables")).EnumerateArray(), t => t.GetProperty("table").GetString() == "quarantine/daily_reports");
        Assert.Equal((2L, "2020-03-24", 1), (table.GetProperty("rows").GetInt64(), table.GetProperty("first_date").GetString(), table.GetProperty("dates").GetInt32()));

        var query = await Rows("query", "select line, reason from quarantine where report_date = '2020-03-24' order by line");
        Assert.Equal(["3", "4"], query.Select(r => r["line"]));
        Assert.Contains("Confirmed", query[0]["reason"]);
        var shown = Assert.Single(await Rows("show", "quarantine", "--where", "line = 4"));
        Assert.Equal(("03-24-2020.csv", "2020-03-24"), (shown["source_file"], shown["report_date"]));
        Assert.EndsWith("Germany,oops", shown["raw"]);
        var commit = Assert.Single((await Json("history", "quarantine")).EnumerateArray());
        Assert.Equal(("etl", "2020-01-22..2020-03-24"), (commit.GetProperty("job").GetString(), commit.GetProperty("report_dates").GetString()));

        // The file fixed and its date re-run: the date has no record now, the earlier version still has them.
        File.Copy(TestData.Report("01-22"), Path.Combine(input, "03-24-2020.csv"), overwrite: true);
        Assert.True((await RunEtl(input)).ExitCode == 0);
        Assert.Empty(await Rows("show", "quarantine"));
        Assert.Equal(2, (await Rows("show", "quarantine", "--version", "0")).Count);
        Assert.Equal(2L, (await Json("restore", "quarantine", "--version", "0")).GetProperty("new_version").GetInt64());
        Assert.Equal(2, (await Rows("show", "daily_reports")).Count);

        var check = await Json("check");
        Assert.Equal(0, check.GetProperty("problems").GetArrayLength());
        Assert.Equal(4, check.GetProperty("tables").GetInt32()); // trusted/countries, daily_region, daily_country and the quarantine
        Assert.Contains((await Json("vacuum", "--dry-run")).EnumerateArray(), t => t.GetProperty("table").GetString() == "quarantine/daily_reports");
    }

    /// <summary>Two dates' quarantine CSV files as an earlier version wrote them: text always quoted, a null unquoted and empty.</summary>
    private static readonly (string Date, string Csv)[] Legacy =
    [
        ("2020-02-15", "source_file,line,reason,raw,raw_base64\n" +
            "\"02-15-2020.csv\",0,\"merge conflict marker at line 6: not a daily report\",\"<<<<<<< HEAD\",\"PDw8PDw8PCBIRUFE\"\n"),
        ("2020-03-24", "source_file,line,reason,raw,raw_base64\n" +
            "\"03-24-2020.csv\",4,\"Confirmed is not a whole number: '20x123'\",\",,,France,2020-03-23 23:19:34,46.2276\",\"LCwsRnJhbmNl\"\n" +
            "\"03-24-2020.csv\",7,\"a quote opens a field that does not close\",\",\"\"Gree\nce\"\",1\",\"LCJHcmVlCmNlIiwx\"\n" +
            "\"03-24-2020.csv\",9,\"NUL\",\",Spa\0in, \"\"quoted\"\"\",\n"),
    ];

    [Fact]
    public async Task Convert_turns_an_earlier_lakes_quarantine_csv_files_into_the_table_losing_nothing()
    {
        foreach (var (date, csv) in Legacy)
            _dir.Write($"lake/quarantine/daily_reports/report_date={date}/quarantine.csv", csv);
        var input = _dir.CopyInto("input", TestData.Report("11-10"));

        // a run refuses to write the table beside them
        var refused = await RunEtl(input);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("lake convert", refused.Error);
        Assert.False(Directory.Exists(_dir.Combine("lake", "quarantine", "daily_reports", "_delta_log")));

        var converted = Assert.Single((await Json("convert")).EnumerateArray());
        Assert.Equal(("quarantine/daily_reports", 2, 4L),
            (converted.GetProperty("table").GetString(), converted.GetProperty("csv_files").GetInt32(), converted.GetProperty("rows").GetInt64()));
        Assert.Empty(Directory.GetFiles(_dir.Combine("lake", "quarantine"), "*.csv", SearchOption.AllDirectories));

        var rows = await Rows("query", "select * from quarantine order by report_date, line");
        Assert.Equal(
        [
            ("2020-02-15", "02-15-2020.csv", "0", "merge conflict marker at line 6: not a daily report", "<<<<<<< HEAD", "PDw8PDw8PCBIRUFE"),
            ("2020-03-24", "03-24-2020.csv", "4", "Confirmed is not a whole number: '20x123'", ",,,France,2020-03-23 23:19:34,46.2276", "LCwsRnJhbmNl"),
            ("2020-03-24", "03-24-2020.csv", "7", "a quote opens a field that does not close", ",\"Gree\nce\",1", "LCJHcmVlCmNlIiwx"),
            ("2020-03-24", "03-24-2020.csv", "9", "NUL", ",Spa\0in, \"quoted\"", null),
        ], rows.Select(r => (r["report_date"], r["source_file"], r["line"], r["reason"], r["raw"], r["raw_base64"])));

        Assert.Contains("nothing to convert", (await Lake("convert")).Out);
        // now the lake runs again, and the run's date joins the converted ones
        Assert.True((await RunEtl(input)).ExitCode is 0 or 2);
        Assert.Equal(4, (await Rows("show", "quarantine")).Count);
        Assert.Equal([1L, 0L], (await Json("history", "quarantine")).EnumerateArray().Select(h => h.GetProperty("version").GetInt64()));
    }

    /// <summary>The shipped OWID snapshot's header and first country, plus a location no lookup knows (line 3).</summary>
    private static string IndicatorsWithAtlantis()
    {
        var lines = File.ReadLines(RepoRoot.Combine("data", "sample", "owid", "owid-covid-latest-2021-10.csv")).Take(2).ToList();
        return string.Join('\n', lines) + "\n,Europe,Atlantis,2021-10-09\n";
    }

    [Fact]
    public async Task The_indicators_rejected_rows_are_a_delta_table_that_a_fixed_file_empties()
    {
        var input = _dir.CopyInto("input", TestData.Report("01-22"));
        _dir.Write("owid.csv", IndicatorsWithAtlantis());
        var run = await JobsCli.RunAsync("run", "--input", input, "--indicators", _dir.Combine("owid.csv"), "--lake", _dir.Combine("lake"),
            "--jobs", "etl", "-q", "--no-report");
        Assert.True(run.ExitCode == 2, run.ToString());

        var table = Assert.Single((await Json("tables")).EnumerateArray(), t => t.GetProperty("table").GetString() == "quarantine/indicators");
        Assert.Equal(1L, table.GetProperty("rows").GetInt64());
        var row = Assert.Single(await Rows("query", "select source_file, line, reason, raw from quarantine_indicators"));
        Assert.Equal(("owid.csv", "3", ",Europe,Atlantis,2021-10-09"), (row["source_file"], row["line"], row["raw"]));
        Assert.Contains("Atlantis", row["reason"]);
        Assert.False(File.Exists(_dir.Combine("lake", "quarantine", "indicators", "quarantine.csv")));

        // the shipped file rejects nothing: the table is emptied by a new version, the old one stays in its history
        Assert.True((await RunEtl(input)).ExitCode is 0 or 2);
        Assert.Empty(await Rows("show", QuarantineTable.IndicatorsQueryName));
        Assert.Single(await Rows("show", QuarantineTable.IndicatorsQueryName, "--version", "0"));
    }

    [Fact]
    public async Task Convert_turns_an_earlier_lakes_indicators_quarantine_csv_into_the_table()
    {
        _dir.Write("lake/quarantine/indicators/quarantine.csv",
            "source_file,line,reason,raw,raw_base64\n\"owid.csv\",3,\"no ISO3 code for location 'Atlantis'\",\",Europe,Atlantis\",\"LEV1cm9wZSxBdGxhbnRpcw==\"\n");

        var converted = Assert.Single((await Json("convert")).EnumerateArray());
        Assert.Equal(("quarantine/indicators", 1L), (converted.GetProperty("table").GetString(), converted.GetProperty("rows").GetInt64()));
        Assert.False(File.Exists(_dir.Combine("lake", "quarantine", "indicators", "quarantine.csv")));
        var row = Assert.Single(await Rows("show", QuarantineTable.IndicatorsQueryName));
        Assert.Equal(("owid.csv", "3", ",Europe,Atlantis", "LEV1cm9wZSxBdGxhbnRpcw=="), (row["source_file"], row["line"], row["raw"], row["raw_base64"]));
    }
}
