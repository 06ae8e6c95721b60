using System.Text;
using CovidSpark.Jobs.Etl.Raw;
using CovidSpark.Jobs.Tests.Infrastructure;

namespace CovidSpark.Jobs.Tests.Etl;

/// <summary>
/// The reader on real report lines mutated the ways hostile or damaged input arrives: garbage lines, unquoted thousands
/// separators, misspelt or swapped header names, implausible values, megabyte fields, cut-off files, stray quotes, NUL and
/// bytes that are not UTF-8. Every record ends up a row, a counted skip or a quarantine record.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string V1Header = "Province/State,Country/Region,Last Update,Confirmed,Deaths,Recovered";
    private const string Italy = ",Italy,2020-03-23 23:19:34,41.8719,12.5674,63927,6077,7432,50418,Italy";
    private const string Spain = ",Spain,2020-03-23 23:19:34,40.4637,-3.7492,35136,2311,3355,29470,Spain";

    private static string V3(params string[] rows) => string.Join("\n", [Fixtures.V3Header, .. rows]) + "\n";

    private ReportReadResult Read(string content, string name = "03-23-2020.csv") => Lookups.ReadReport(_dir.Write(name, content));

    private static void AddsUp(ReportReadResult r) =>
        Assert.Equal(r.RowsRead, r.Rows.Count + r.RowsQuarantined + r.HeaderRowsSkipped + r.BlankLinesSkipped);

    [Fact]
    public void Garbage_lines_are_counted_skips_or_quarantined_and_the_counts_add_up()
    {
        var r = Read(V3(",," + Italy, ",,,,,,,,,,,,,", new string(',', 25), "", "\"   \"", ",," + Spain, "just words", ",,,"));

        Assert.Equal(8, r.RowsRead);
        Assert.Equal(2, r.Rows.Count);
        Assert.Equal(5, r.BlankLinesSkipped);
        Assert.Equal(1, r.RowsQuarantined); // "just words"
        AddsUp(r);
    }

    [Fact]
    public void A_row_wider_than_its_header_is_quarantined_even_when_the_surplus_is_empty()
    {
        // "1,234" unquoted: confirmed would load as 1 and deaths as 234, the columns after shifted by one.
        var r = Read("Province/State,Country/Region,Last Update,Confirmed,Deaths,Recovered\n,Italy,2020-03-01T10:13:14,1,234,,\n,Spain,2020-03-01T10:13:14,84,0,2\n",
            "03-01-2020.csv");

        Assert.Equal(["Spain"], r.Rows.Select(x => x.Country));
        var q = Assert.Single(r.Quarantined);
        Assert.Equal(2, q.Line);
        Assert.Contains("7 fields but the header has 6", q.Reason);
        Assert.Contains("1,234", q.Reason);
    }

    [Fact]
    public void Padding_every_row_carries_alike_is_provably_padding_and_loads()
    {
        var r = Read(V1Header + "\n,Italy,2020-03-01T10:13:14,1694,34,83,,\n,Spain,2020-03-01T10:13:14,84,0,2,,\n", "03-01-2020.csv");

        Assert.Empty(r.Quarantined);
        Assert.Equal([1694L, 84L], r.Rows.Select(x => x.Confirmed!.Value));
    }

    [Theory]
    [InlineData("FIPS,Admin2,Province_State,Country_Region,Last_Update,Lat,Long_,Confirmed,Deaths2,Recovered,Active,Combined_Key", "missing Deaths; unknown Deaths2")]
    [InlineData("FIPS,Admin2,Province_State,Country_Region,Last_Update,Lat,Long_,Deaths,Confirmed,Recovered,Active,Combined_Key", "another order")]
    public void A_header_that_is_no_known_layout_names_what_is_wrong(string header, string expected)
    {
        var r = Read(header + "\n,," + Italy + "\n");

        Assert.Equal("custom", r.SchemaVersion);
        Assert.NotNull(r.HeaderProblem);
        Assert.Contains(expected, r.HeaderProblem);
        Assert.Contains("closest v3", r.HeaderProblem);
    }

    [Fact]
    public void Known_layouts_have_no_header_problem()
    {
        foreach (var file in Directory.GetFiles(TestData.SampleReports, "*.csv"))
            Assert.Null(Lookups.ReadReport(file).HeaderProblem);
    }

    [Fact]
    public void Implausible_values_are_quarantined_and_deaths_above_confirmed_are_counted()
    {
        var r = Read(V3(
            ",,,Italy,2020-03-23 23:19:34,141.87,12.56,63927,6077,7432,50418,Italy",
            ",,,Spain,2020-03-23 23:19:34,40.46,-183.7,35136,2311,3355,29470,Spain",
            ",,,France,2020-03-23 23:19:34,46.22,2.21,9000000000,862,3288,15973,France",
            ",,Unassigned,Germany,2020-03-23 23:19:34,,,0,4,0,-4,\"Unassigned, Germany\"",
            ",," + Spain.Replace("Spain", "Portugal")));

        Assert.Equal(["Germany", "Portugal"], r.Rows.Select(x => x.CountryRegion).Order());
        var reasons = r.Quarantined.ToDictionary(q => q.Line, q => q.Reason);
        Assert.Contains("latitude 141.87", reasons[2]);
        Assert.Contains("longitude -183.7", reasons[3]);
        Assert.Contains("world's population", reasons[4]);
        Assert.Equal(1, r.RowsWithDeathsAboveConfirmed);
    }

    [Fact]
    public void A_megabyte_field_quarantines_its_row_and_the_rest_loads()
    {
        var r = Read(V3(",," + Italy, ",,,Spain,2020-03-23 23:19:34,40.4,-3.7,35136,2311,3355,29470," + new string('x', 3_000_000), ",,,France,2020-03-23 23:19:34,46.2,2.2,20123,862,3288,15973,France"));

        Assert.Equal(["France", "Italy"], r.Rows.Select(x => x.Country).Order());
        var q = Assert.Single(r.Quarantined);
        Assert.Equal(3, q.Line);
        Assert.Contains("characters long", q.Reason);
        Assert.True(q.RawText.Length <= DailyReportReader.MaxRecordChars);
    }

    [Fact]
    public void A_cut_off_last_line_is_quarantined_not_loaded_with_a_cut_value()
    {
        var r = Read(Fixtures.V3Header + "\n,," + Italy + "\n,,,Spain,2020-03-23 23:19:34,40.4637,-3.7492,35136,2311,3355,29470,Spa");

        Assert.Equal(["Italy"], r.Rows.Select(x => x.Country));
        Assert.Contains("no line ending", Assert.Single(r.Quarantined).Reason);
    }

    [Fact]
    public void A_last_line_without_a_line_ending_that_ends_in_an_empty_field_loads_as_jhu_wrote_02_04()
    {
        var r = Lookups.ReadReport(TestData.Report("02-04"));

        Assert.DoesNotContain(r.Quarantined, q => q.Reason.Contains("line ending"));
    }

    [Fact]
    public void A_stray_quote_quarantines_only_its_line_and_the_lines_after_it_load()
    {
        var good = Enumerable.Range(0, 32).Select(i => $",,,Country{i},2020-03-23 23:19:34,1.0,2.0,{100 + i},1,0,0,Country{i}").ToArray();
        var r = Read(V3([",,,\"Italy,2020-03-23 23:19:34,41.8,12.5,63927,6077,7432,50418,Italy", .. good]));

        Assert.Equal(32, r.Rows.Count);
        var q = Assert.Single(r.Quarantined);
        Assert.Equal(2, q.Line);
        Assert.Contains("quote", q.Reason);
        AddsUp(r);
    }

    [Fact]
    public void A_quoted_field_across_lines_still_reads_when_the_record_has_the_headers_width()
    {
        var r = Read(V3(",,,Italy,2020-03-23 23:19:34,41.8,12.5,63927,6077,7432,50418,\"Italy\nmainland\"", ",," + Spain));

        Assert.Empty(r.Quarantined);
        Assert.Equal("Italy\nmainland", Assert.Single(r.Rows, x => x.Country == "Italy").CombinedKey);
    }

    [Fact]
    public void Nul_and_bytes_that_are_not_utf8_are_quarantined_with_their_original_bytes()
    {
        var bad = Encoding.UTF8.GetBytes(",,,Fran").Concat(new byte[] { 0xE7, 0xFF }).Concat(Encoding.UTF8.GetBytes("e,2020-03-23 23:19:34,46.2,2.2,20123,862,3288,15973,France")).ToArray();
        var nul = Encoding.UTF8.GetBytes(",,,Spa\0in,2020-03-23 23:19:34,40.4,-3.7,35136,2311,3355,29470,Spain");
        var path = _dir.Combine("03-23-2020.csv");
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes(Fixtures.V3Header + "\n,," + Italy + "\n"), .. bad, (byte)'\n', .. nul, (byte)'\n']);

        var r = Lookups.ReadReport(path);

        Assert.Equal(["Italy"], r.Rows.Select(x => x.Country));
        var byLine = r.Quarantined.ToDictionary(q => q.Line);
        Assert.Equal(bad, byLine[3].RawBytes);
        Assert.Equal(nul, byLine[4].RawBytes);
        Assert.All(r.Quarantined, q => Assert.Contains("not UTF-8", q.Reason));
    }

    [Fact]
    public void A_file_with_a_header_and_no_rows_is_quarantined_saying_its_date_has_nothing_to_load()
    {
        var r = Read(Fixtures.V3Header + "\n\n");

        Assert.True(r.FileQuarantined);
        Assert.Contains("header and no data rows", r.Quarantined[0].Reason);
        Assert.Contains("2020-03-23", r.Quarantined[0].Reason);
    }

    [Fact]
    public void Every_sample_file_adds_up()
    {
        foreach (var file in Directory.GetFiles(TestData.SampleReports, "*.csv"))
            AddsUp(Lookups.ReadReport(file));
    }
}
