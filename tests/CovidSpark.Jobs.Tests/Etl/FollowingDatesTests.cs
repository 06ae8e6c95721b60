using CovidSpark.Jobs.Etl;

namespace CovidSpark.Jobs.Tests.Etl;

/// <summary>Which later dates of the lake a (re)loaded date fed: previous report day and the report 7 days back.</summary>
public sealed class FollowingDatesTests
{
    private static DateOnly D(int day) => new DateOnly(2020, 11, 1).AddDays(day - 1);
    private static IReadOnlyList<DateOnly> Days(params int[] days) => [.. days.Select(D)];

    [Fact]
    public void The_fourteen_report_days_after_a_reloaded_date_are_named_and_no_more()
    {
        // 7 report days for new cases and 7-day averages, 7 more for the week-over-week trends built on those averages.
        var lake = Days([.. Enumerable.Range(1, 20)]);
        Assert.Equal(Days([.. Enumerable.Range(4, 14)]), EtlJob.FollowingDates(lake, Days(3)));
    }

    [Fact]
    public void A_new_latest_day_or_a_run_covering_every_later_date_names_nothing()
    {
        Assert.Empty(EtlJob.FollowingDates(Days(1, 2, 3), Days(4)));
        Assert.Empty(EtlJob.FollowingDates(Days(1, 2, 3, 4), Days(3, 4)));
    }

    [Fact]
    public void Gaps_count_in_report_days_and_the_lookback_limit_ends_the_chain()
    {
        // Two backfilled days between days of the lake: every later date not in the run, never one before the first.
        Assert.Equal(Days(4, 6), EtlJob.FollowingDates(Days(1, 2, 4, 6), Days(3, 5)));
        // 50 days later is beyond the 45-day lookback: its previous report day is no previous day.
        var far = new DateOnly(2020, 11, 1).AddDays(50);
        Assert.Empty(EtlJob.FollowingDates([far], Days(1)));
    }
}
