using CovidSpark.Jobs.Pipeline;
using CovidSpark.Jobs.Tests.Infrastructure;

namespace CovidSpark.Jobs.Tests.Pipeline;

/// <summary>The 40-day set in <c>../shared/data</c>: large enough (≈134k rows) for the engine's parallel partitioned writes.</summary>
public sealed class FortyDayRunTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// DuckDB's own partitioned COPY did not keep the ORDER BY of its input across threads (the rows of 2020-11-28 came out
    /// rotated, and a re-run of that date alone wrote different bytes); the engine now writes each partition with its own COPY.
    /// </summary>
    [Fact]
    public async Task Each_daily_region_partition_keeps_the_file_order_and_a_date_re_run_alone_reproduces_its_bytes()
    {
        var input = TestData.SharedReports;
        if (input is null) return;
        var lake = _dir.Combine("lake");
        var shared = Path.GetFullPath(Path.Combine(input, "..", ".."));
        PipelineOptions Options(string? from = null, string? to = null) => Lake.Options(input, lake, from, to, PipelineJobs.Etl,
            Path.Combine(shared, "owid", "owid-covid-latest-2021-10.csv")) with { LookupPath = Path.Combine(shared, "jhu", "UID_ISO_FIPS_LookUp_Table.csv") };

        await Lake.RunAsync(Options());
        var before = Lake.Hashes(Path.Combine(lake, "trusted"));
        var rows = await Lake.ForDateAsync(lake, "trusted/daily_region", "2020-11-28");
        var lines = rows.Select(r => r.GetAs<int>("source_line")).ToList();
        Assert.Equal(lines.Order(), lines);

        await Lake.RunAsync(Options("2020-11-28", "2020-11-28"));

        Assert.Equal(before, Lake.Hashes(Path.Combine(lake, "trusted")));
    }
    /// <summary>
    /// Statistics over 40 dates read many partition files on several threads; DuckDB combined the per-thread partial sums of
    /// AVG, STDDEV_SAMP and CORR in whatever order the threads finished, so numeric_summary and correlation_analysis differed in
    /// their last bits from run to run. Aggregating plans now run on one thread.
    /// </summary>
    [Fact]
    public async Task Two_whole_pipeline_runs_write_byte_identical_refined_tables()
    {
        var input = TestData.SharedReports;
        if (input is null) return;
        var shared = Path.GetFullPath(Path.Combine(input, "..", ".."));
        var hashes = new List<SortedDictionary<string, string>>();
        foreach (var name in new[] { "one", "two" })
        {
            var lake = _dir.Combine(name);
            var outcome = await Lake.RunAsync(Lake.Options(input, lake, indicators: Path.Combine(shared, "owid", "owid-covid-latest-2021-10.csv"))
                with { LookupPath = Path.Combine(shared, "jhu", "UID_ISO_FIPS_LookUp_Table.csv") });
            Assert.NotEqual(ExitCodes.Failure, outcome.Manifest.ExitCode);
            hashes.Add(Lake.Hashes(Path.Combine(lake, "refined")));
        }
        Assert.Contains(hashes[0].Keys, k => k.StartsWith(Path.Combine("correlation_analysis", "report_date=2020-11-13"), StringComparison.Ordinal));
        Assert.Equal(hashes[0], hashes[1]);
    }
}
