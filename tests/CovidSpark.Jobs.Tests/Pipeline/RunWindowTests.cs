using CovidSpark.Jobs.Pipeline;
using CovidSpark.Jobs.Storage;
using CovidSpark.Jobs.Tests.Infrastructure;

namespace CovidSpark.Jobs.Tests.Pipeline;

/// <summary>
/// One run window: the dates a run asks for are resolved once, read through one accessor that names the partitions and filters on
/// the window, and recorded in the manifest as asked, with the dates that had no report named rather than dropped.
/// </summary>
public sealed class RunWindowTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly DateOnly Start = new(2021, 3, 1);

    private static readonly SyntheticCountry[] Countries = [new("AAA", "Europe", 0.8, 40000, 100, 1_000_000), new("BBB", "Asia", 0.6, 9000, 300, 4_000_000)];

    private async Task<string> LakeOfDaysAsync(int days)
    {
        var lake = _dir.Folder("lake");
        await using var spark = Lake.NewSession();
        await SyntheticLake.WriteDailyAsync(spark, lake, Enumerable.Range(0, days)
            .SelectMany(i => Countries.Select(c => (Start.AddDays(i), c, 100L + i, 1L, (long?)1, (double?)null))));
        return lake;
    }

    [Fact]
    public async Task The_dated_accessor_keeps_to_its_window_even_when_the_listing_it_is_given_holds_more()
    {
        var lake = await LakeOfDaysAsync(5);
        await using var spark = Lake.NewSession();
        // A listing of every partition with a window of days 1..2: the filter, not the listing, decides the rows.
        var partitions = new DatePartitions(new DateWindow(Start.AddDays(1), Start.AddDays(2)), [.. Enumerable.Range(0, 5).Select(Start.AddDays)]);

        var rows = await LakeTable.Read(spark, Path.Combine(lake, "trusted", "daily_country"), partitions).CollectAsync();

        Assert.Equal([Start.AddDays(1), Start.AddDays(2)], rows.Select(r => r.GetAs<DateOnly>("report_date")).Distinct().Order());
    }

    [Fact]
    public async Task A_one_day_window_reads_that_day_only()
    {
        var lake = await LakeOfDaysAsync(3);
        await using var spark = Lake.NewSession();
        var partitions = new DatePartitions(DateWindow.Day(Start.AddDays(1)), [.. Enumerable.Range(0, 3).Select(Start.AddDays)]);

        var rows = await LakeTable.Read(spark, Path.Combine(lake, "trusted", "daily_country"), partitions).CollectAsync();

        Assert.Equal([Start.AddDays(1)], rows.Select(r => r.GetAs<DateOnly>("report_date")).Distinct());
    }

    [Fact]
    public async Task A_job_asks_the_run_for_its_lookback_from_the_partitions_listed_once()
    {
        var lake = await LakeOfDaysAsync(30);
        await using var spark = Lake.NewSession();

        var run = await RunDates.FromLakeAsync(spark, new LocalFileStore(), new LakeLayout(lake), new RunWindow(Start.AddDays(25), Start.AddDays(26)), CancellationToken.None);
        var partitions = run.ForJob(21);

        Assert.Equal([Start.AddDays(25), Start.AddDays(26)], run.Dates);
        Assert.Equal(new DateWindow(Start.AddDays(4), Start.AddDays(26)), partitions.Window);
        Assert.Equal(Enumerable.Range(4, 23).Select(Start.AddDays), partitions.Dates);
        Assert.Empty(run.Missing);
    }

    [Fact]
    public void The_range_recorded_is_the_range_asked_for_and_open_ends_are_the_dates_present()
    {
        DateOnly[] present = [Start.AddDays(2), Start.AddDays(3)];

        var bounded = new RunWindow(Start, Start.AddDays(4)).Resolve(present, present);
        var open = RunWindow.All.Resolve(present, present);

        Assert.Equal(new DateWindow(Start, Start.AddDays(4)), bounded.Range);
        Assert.Equal([Start, Start.AddDays(1), Start.AddDays(4)], bounded.Missing);
        Assert.Equal(new DateWindow(Start.AddDays(2), Start.AddDays(3)), open.Range);
        Assert.Empty(open.Missing);
    }

    [Fact]
    public async Task A_run_asked_for_dates_the_input_lacks_records_the_range_asked_for_and_names_the_missing_dates()
    {
        var input = _dir.Folder("in");
        foreach (var d in new[] { "11-09", "11-10" }) File.Copy(TestData.Report(d), Path.Combine(input, $"{d}-2020.csv"));
        var lake = _dir.Combine("lake-run");

        var outcome = await Lake.RunAsync(Lake.Options(input, lake, "2020-11-08", "2020-11-10", PipelineJobs.Etl));

        var m = outcome.Manifest;
        Assert.Equal(ExitCodes.Success, m.ExitCode);
        Assert.Equal(["2020-11-09", "2020-11-10"], m.Dates);
        Assert.Equal((new DateOnly(2020, 11, 8), new DateOnly(2020, 11, 10)), (m.From, m.To));
        Assert.Equal(["2020-11-08"], m.DatesMissing);
        var written = await ManifestReader.LatestAsync(lake);
        Assert.Equal("2020-11-08", written.Root.GetProperty("from").GetString());
        Assert.Equal("2020-11-10", written.Root.GetProperty("to").GetString());
    }
}
