using CovidSpark.Jobs.Tests.Infrastructure;

namespace CovidSpark.Jobs.Tests.Etl;

/// <summary>The reader on hand-made files with the faults real extracts have had.</summary>
public sealed class DailyReportQuirkTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_half_merged_file_with_conflict_markers_is_quarantined_whole()
    {
        var path = _dir.Write("02-15-2020.csv", Fixtures.HalfMerged());

        var r = Lookups.ReadReport(path);

        Assert.True(r.FileQuarantined);
        Assert.Empty(r.Rows);
        var q = Assert.Single(r.Quarantined);
        Assert.Equal(0, q.Line);
        Assert.Contains("merge conflict marker at line 6", q.Reason);
    }

    [Fact]
    public void A_header_never_seen_before_is_mapped_by_name_and_its_unknown_columns_reported()
    {
        var path = _dir.Write("03-23-2020.csv", Fixtures.CustomHeader);

        var r = Lookups.ReadReport(path);

        Assert.Equal("custom", r.SchemaVersion);
        Assert.Equal(["People_Tested", "Hospitalization_Rate"], r.UnknownColumns);
        Assert.Empty(r.Quarantined);
        var italy = Assert.Single(r.Rows, x => x.Country == "Italy");
        Assert.Equal(63927, italy.Confirmed);
        Assert.Equal(6077, italy.Deaths);
        Assert.Equal(12.5674, italy.Long);
        Assert.Equal("ITA", italy.Iso3);
        var hubei = Assert.Single(r.Rows, x => x.ProvinceState == "Hubei");
        Assert.Equal(("China", "CHN", "Hubei, China"), (hubei.Country, hubei.Iso3, hubei.CombinedKey));
        Assert.Equal(3, r.Rows.Count);
    }

    [Fact]
    public void Rows_with_bad_numbers_too_many_fields_bad_dates_or_no_country_are_quarantined_with_line_and_reason()
    {
        var path = _dir.Write("03-23-2020.csv", Fixtures.BadRows());

        var r = Lookups.ReadReport(path);

        Assert.False(r.FileQuarantined);
        Assert.Equal(["Greece", "Italy", "Spain"], r.Rows.Select(x => x.Country).Order());
        var byLine = r.Quarantined.ToDictionary(q => q.Line);
        Assert.Equal([4, 5, 6, 7, 8, 10], byLine.Keys.Order());
        Assert.All(r.Quarantined, q => Assert.Equal("03-23-2020.csv", q.SourceFile));
        Assert.Contains("Confirmed", byLine[4].Reason);
        Assert.Contains("20x123", byLine[4].Reason);
        Assert.Contains("13 fields", byLine[5].Reason);
        Assert.Contains("12", byLine[5].Reason);
        Assert.Contains("yesterday", byLine[6].Reason);
        Assert.Contains("Country", byLine[7].Reason);
        Assert.Contains("1888.5", byLine[10].Reason);
        Assert.Equal(",,,France,2020-03-23 23:19:34,46.2276,2.2137,20x123,862,3288,15973,France", byLine[4].RawText);
        var greece = Assert.Single(r.Rows, x => x.Country == "Greece");
        Assert.Null(greece.Recovered);
        Assert.Null(greece.Active);
        Assert.Equal(9, greece.SourceLine);
    }

    [Fact]
    public void A_row_cut_short_is_quarantined_not_loaded_with_missing_numbers()
    {
        // A download cut off in the middle of its last line: "9654" became "96" and the other columns are gone.
        var lines = File.ReadAllLines(TestData.Report("03-22")).Take(4).ToList();
        var cut = lines[1][..lines[1].IndexOf(",9654,", StringComparison.Ordinal)] + ",96";
        var path = _dir.Write("03-22-2020.csv", string.Join("\n", lines[0], lines[2], lines[3], cut));

        var r = Lookups.ReadReport(path);

        Assert.Equal(2, r.Rows.Count);
        var q = Assert.Single(r.Quarantined);
        Assert.Equal(4, q.Line);
        Assert.Contains("8 fields", q.Reason);
        Assert.Equal(cut, q.RawText);
    }

    [Fact]
    public void A_file_that_is_not_a_daily_report_is_quarantined_whole_with_its_header_named()
    {
        var path = _dir.Write("03-24-2020.csv", "iso_code,location,total_cases\nITA,Italy,69176\n");

        var r = Lookups.ReadReport(path);

        Assert.True(r.FileQuarantined);
        Assert.Contains("iso_code,location,total_cases", Assert.Single(r.Quarantined).Reason);
    }

    [Fact]
    public void An_empty_file_is_quarantined_whole()
    {
        var path = _dir.Write("03-25-2020.csv", "");

        Assert.True(Lookups.ReadReport(path).FileQuarantined);
    }
}
