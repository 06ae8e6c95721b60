using CovidSpark.Jobs.Pipeline;
using CovidSpark.Jobs.Tests.Infrastructure;

namespace CovidSpark.Jobs.Tests.Pipeline;

/// <summary>The 40-day set in <c>../shared/data</c>: large enough (≈134k rows) for the engine's parallel partitioned writes.</summary>
public sealed class FortyDayRunTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// Known engine bug (jobs/CovidSpark.Spark, DuckDbEngine.WriteAsync): DuckDB's partitioned COPY does not keep the
    /// ORDER BY of its input across threads, so in a 40-date ETL the rows of report_date=2020-11-28 come out rotated
    /// (source_line 1154..3977, then 2..1153) and a re-run of 11-28 alone writes different bytes. Un-skip when fixed.
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
}
