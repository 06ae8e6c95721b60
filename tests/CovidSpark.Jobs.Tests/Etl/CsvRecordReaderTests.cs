using CovidSpark.Jobs.Etl.Raw;

namespace CovidSpark.Jobs.Tests.Etl;

public sealed class CsvRecordReaderTests
{
    private static List<CsvRecord> Read(string text) => new CsvRecordReader(new StringReader(text)).Records().ToList();

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks_and_records_report_their_first_line()
    {
        var records = Read("a,b,c\r\n1,\"New York City, New York, US\",x\r\n2,\"say \"\"hi\"\"\",\"two\nlines\"\r\n3,,\r\n");

        Assert.Equal(4, records.Count);
        Assert.Equal(["1", "New York City, New York, US", "x"], records[1].Fields);
        Assert.Equal(["2", "say \"hi\"", "two\nlines"], records[2].Fields);
        Assert.Equal(["3", "", ""], records[3].Fields);
        Assert.Equal([1, 2, 3, 5], records.Select(r => r.Line));
    }

    [Fact]
    public void Crlf_lf_and_a_missing_final_newline_give_the_same_records()
    {
        var crlf = Read("h1,h2\r\n1,2\r\n3,4");
        var lf = Read("h1,h2\n1,2\n3,4\n");

        Assert.Equal(lf.Select(r => string.Join("|", r.Fields)), crlf.Select(r => string.Join("|", r.Fields)));
        Assert.DoesNotContain(crlf.SelectMany(r => r.Fields), f => f.Contains('\r'));
    }

    [Fact]
    public void A_byte_order_mark_is_not_part_of_the_first_header_name()
    {
        using var dir = new TempDir();
        var path = dir.Combine("bom.csv");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "Province/State,Country/Region\r\nA,B\r\n"u8.ToArray()]);

        var records = CsvRecordReader.Open(path).Records().ToList();

        Assert.Equal("Province/State", records[0].Fields[0]);
        Assert.Equal(2, records.Count);
    }

    [Fact]
    public void Raw_text_is_kept_for_quarantine()
    {
        var records = Read("h\n12027,\"DeSoto, Florida, US\"\n");

        Assert.Equal("12027,\"DeSoto, Florida, US\"", records[1].RawText);
    }
}
