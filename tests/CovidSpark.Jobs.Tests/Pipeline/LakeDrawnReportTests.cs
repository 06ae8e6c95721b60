using System.Text.RegularExpressions;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Jobs.Tests.Infrastructure;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Jobs.Tests.Pipeline;

/// <summary>
/// Runs of one date on a lake holding others, as the daily schedule does them: the clusters keep one partition per report date,
/// and the report is drawn from the lake, not from the run.
/// </summary>
public sealed class LakeDrawnReportTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<PipelineOutcome> Run(string lake, string from, string to) =>
        Lake.RunAsync(Lake.Options(TestData.SampleReports, lake, from, to, report: true));

    [Fact]
    public async Task A_run_of_an_earlier_date_leaves_the_later_dates_clusters_alone_and_each_partition_names_its_date()
    {
        var lake = _dir.Combine("lake");
        await Run(lake, "2020-11-01", "2020-11-10");
        var latest = Lake.Hashes(Path.Combine(lake, "refined", "clusters", "report_date=2020-11-10"));

        var outcome = await Run(lake, "2020-11-05", "2020-11-05");

        Assert.True(outcome.Manifest.ExitCode == ExitCodes.Success, outcome.Manifest.Error);
        Assert.Equal(latest, Lake.Hashes(Path.Combine(lake, "refined", "clusters", "report_date=2020-11-10")));
        foreach (var table in new[] { "refined/clusters", "refined/cluster_summary" })
        {
            var rows = await Lake.ReadAsync(lake, table);
            Assert.Equal([Lake.Day("11-05"), Lake.Day("11-10")], rows.Select(r => r.GetAs<DateOnly>("report_date")).Distinct().Order());
        }
        // The report shows the lake's latest clusters, with their date.
        Assert.Contains("Country clusters (KMeans), 2020-11-10", File.ReadAllText(Path.Combine(lake, "report.html")));
    }

    [Fact]
    public async Task A_one_date_run_gets_its_bar_when_the_previous_day_is_in_the_lake()
    {
        var lake = _dir.Combine("lake");
        await Run(lake, "2020-11-01", "2020-11-09");

        var outcome = await Run(lake, "2020-11-10", "2020-11-10");

        Assert.True(outcome.Manifest.ExitCode == ExitCodes.Success, outcome.Manifest.Error);
        var html = File.ReadAllText(Path.Combine(lake, "report.html"));
        var newCases = (await Lake.ForDateAsync(lake, "refined/global_daily", "2020-11-10"))[0].GetAs<long>("new_confirmed");
        Assert.Contains($"<title>11-10: {newCases:N0}</title></rect>", html);
        Assert.Contains("<title>11-02: ", html); // the days before the run, from the lake
        Assert.Contains("Top countries by confirmed cases, 2020-11-10", html);
    }

    [Fact]
    public async Task An_earlier_date_re_run_still_renders_the_lakes_latest_date()
    {
        var lake = _dir.Combine("lake");
        await Run(lake, "2020-11-01", "2020-11-10");

        await Run(lake, "2020-11-03", "2020-11-03");

        var html = File.ReadAllText(Path.Combine(lake, "report.html"));
        Assert.Contains("Top countries by confirmed cases, 2020-11-10", html);
        Assert.Contains("Latest report date in the lake 2020-11-10", html);
        Assert.Contains("run", html);
    }

    [Fact]
    public async Task Continents_and_other_territories_add_up_to_the_global_totals()
    {
        var lake = _dir.Combine("lake");
        await Lake.RunAsync(Lake.Options(TestData.SampleReports, lake, "2020-11-10", "2020-11-10", PipelineJobs.Etl | PipelineJobs.Stats, report: true));

        var continents = await Lake.ForDateAsync(lake, "refined/continent_stats", "2020-11-10");
        var global = (await Lake.ForDateAsync(lake, "refined/global_daily", "2020-11-10"))[0];

        var other = Assert.Single(continents, r => r.GetAs<string>("continent") == "Other / territories");
        Assert.True(other.GetAs<long>("confirmed") > 0);
        Assert.Equal(global.GetAs<long>("confirmed"), continents.Sum(r => r.GetAs<long>("confirmed")));
        Assert.Equal(global.GetAs<long>("deaths"), continents.Sum(r => r.GetAs<long>("deaths")));
        // The per-country analyses keep to countries with a continent.
        Assert.DoesNotContain(await Lake.ForDateAsync(lake, "refined/correlation_analysis", "2020-11-10"),
            r => r.GetAs<string>("continent") == "Other / territories");
        Assert.Contains("Other / territories", File.ReadAllText(Path.Combine(lake, "report.html")));
    }

    [Fact]
    public async Task The_charts_have_round_ticks_a_break_marker_where_dates_skip_dollar_ticks_and_units()
    {
        var lake = _dir.Combine("lake");
        var input = _dir.CopyInto("gap", [.. new[] { "11-01", "11-02", "11-03", "11-06", "11-07" }.Select(TestData.Report)]);
        await Lake.RunAsync(Lake.Options(input, lake, report: true));

        var html = File.ReadAllText(Path.Combine(lake, "report.html"));
        var daily = html[html.IndexOf("<svg", StringComparison.Ordinal)..html.IndexOf("</svg>", StringComparison.Ordinal)];
        var ticks = Regex.Matches(daily, "text-anchor=\"end\" font-size=\"11\">([0-9,]+)</text>").Select(m => long.Parse(m.Groups[1].Value.Replace(",", ""))).ToList();
        Assert.True(ticks.Count >= 3, daily);
        var step = ticks[1] - ticks[0];
        Assert.Matches("^[125]0*$", step.ToString());
        Assert.All(ticks, t => Assert.Equal(0, t % step));
        Assert.Single(Regex.Matches(daily, "class=\"break\""));
        Assert.Contains("gap in the report dates before 11-06", daily);
        Assert.Matches(@">\$\d+k</text>", html);
        Assert.Contains("population density (people per km", html);
        Assert.Contains("case fatality ratio (%)", html);
        Assert.Contains("cases per 1,000 people", html);
    }
}
