using CovidSpark.Launcher.Planning;

namespace CovidSpark.Launcher.Tests.Config;

public sealed class PlanningTests
{
    private static readonly DateOnly Latest = new(2020, 12, 31);

    [Theory]
    [InlineData("2020-2-3", "2020-02-03")]
    [InlineData("2020-02-30", "2020-03-01")]
    [InlineData("03/01/2020", "2020-03-01")]
    [InlineData("2020-03-01T00:00:00", "2020-03-01")]
    [InlineData(" 2020-03-01", "2020-03-01")]
    public void Dates_are_parsed_strictly(string from, string to) =>
        Assert.Throws<InvalidDateRangeException>(() => DateRange.Parse(from, to, 1100, Latest));

    [Fact]
    public void Ranges_are_bounded_and_every_problem_is_named()
    {
        Assert.Equal(new DateRange(new(2020, 3, 1), new(2020, 3, 31)), DateRange.Parse("2020-03-01", "2020-03-31", 1100, Latest));
        Assert.Contains("ends", Assert.Throws<InvalidDateRangeException>(() => DateRange.Parse("2020-03-02", "2020-03-01", 1100, Latest)).Message);
        Assert.Contains("spans 31 days", Assert.Throws<InvalidDateRangeException>(() => DateRange.Parse("2020-03-01", "2020-03-31", 30, Latest)).Message);
        Assert.Contains("latest", Assert.Throws<InvalidDateRangeException>(() => DateRange.Parse("2020-12-01", "2021-01-01", 1100, Latest)).Message);
        var both = Assert.Throws<InvalidDateRangeException>(() => DateRange.Parse("x", "y", 10, Latest)).Message;
        Assert.Contains("'x'", both);
        Assert.Contains("'y'", both);
    }

    [Fact]
    public void Month_chunks_follow_calendar_months()
    {
        var dates = new DateRange(new(2020, 1, 15), new(2020, 3, 10)).Dates();
        Assert.Equal(["2020-01-15..2020-01-31", "2020-02-01..2020-02-29", "2020-03-01..2020-03-10"], ChunkPlanner.Plan(dates, null).Select(r => r.ToString()));
    }

    [Fact]
    public void Fixed_chunks_and_gaps_split_steps()
    {
        var dates = new DateRange(new(2020, 1, 1), new(2020, 1, 20)).Dates().Where(d => d.Day != 5).ToList();
        Assert.Equal(["2020-01-01..2020-01-04", "2020-01-06..2020-01-07", "2020-01-08..2020-01-14", "2020-01-15..2020-01-20"],
            ChunkPlanner.Plan(dates, 7).Select(r => r.ToString()));
        Assert.Empty(ChunkPlanner.Plan([], null));
    }

    [Fact]
    public void A_year_in_months_is_twelve_steps()
    {
        Assert.Equal(12, ChunkPlanner.Plan(new DateRange(new(2020, 1, 1), new(2020, 12, 31)).Dates(), null).Count);
    }

    [Theory]
    [InlineData("covidspark:pipeline:2020-11-01:2020-11-30", true)]
    [InlineData("covidspark:pipeline:2020-11-30:2020-11-01", false)]
    [InlineData("covidspark:Pipe:2020-11-01:2020-11-30", false)]
    [InlineData("someone else's step", false)]
    [InlineData("covidspark:pipeline:2020-11-01:2020-11-30 ", false)]
    public void Step_names_round_trip_and_foreign_names_are_rejected(string name, bool ours)
    {
        Assert.Equal(ours, StepNames.TryParse(name, out var job, out var range));
        if (ours) Assert.Equal(name, StepNames.Format(job, range.From, range.To));
    }
}
