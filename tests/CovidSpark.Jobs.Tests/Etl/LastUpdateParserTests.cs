using CovidSpark.Jobs.Etl.Raw;

namespace CovidSpark.Jobs.Tests.Etl;

public sealed class LastUpdateParserTests
{
    [Theory]
    [InlineData("2020-01-22T17:00:00", 2020, 1, 22, 17, 0, 0)]   // 01-22 .. 03-21
    [InlineData("1/22/20 17:00", 2020, 1, 22, 17, 0, 0)]         // the US form, 2-digit year
    [InlineData("3/22/20 23:45", 2020, 3, 22, 23, 45, 0)]        // 03-22
    [InlineData("1/22/2020 17:00", 2020, 1, 22, 17, 0, 0)]       // the US form, 4-digit year
    [InlineData("2020-03-22 23:45:00", 2020, 3, 22, 23, 45, 0)]  // from 03-23 on
    [InlineData("2020-11-11 05:25:30", 2020, 11, 11, 5, 25, 30)]
    [InlineData(" 2020-02-04T09:03:02 ", 2020, 2, 4, 9, 3, 2)]
    public void Parses_every_format_of_the_2020_reports_as_utc(string text, int y, int mo, int d, int h, int mi, int s)
    {
        Assert.True(LastUpdateParser.TryParse(text, out var value));
        Assert.Equal(new DateTime(y, mo, d, h, mi, s, DateTimeKind.Utc), value);
        Assert.Equal(DateTimeKind.Utc, value.Kind);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("22/1/2020 17:00")]
    [InlineData("2020-13-01 00:00:00")]
    [InlineData("")]
    public void Rejects_text_that_is_not_a_known_format(string text) => Assert.False(LastUpdateParser.TryParse(text, out _));
}
