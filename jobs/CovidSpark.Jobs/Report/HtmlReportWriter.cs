using System.Globalization;
using System.Text;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Jobs.Stats;
using CovidSpark.Spark.Sql;
using static CovidSpark.Jobs.Report.Svg;

namespace CovidSpark.Jobs.Report;

/// <summary>
/// Renders <c>&lt;lake&gt;/report.html</c>: one self-contained page (inline SVG, no scripts or downloads) with the global daily
/// new cases, the top countries, the clusters and the headline tables, read back from the refined tables through the engine.
/// The page shows what the lake holds — its latest report date and the year of report days before it — not only the dates
/// of the run that rendered it: a one-date run draws its bar against the previous day already in the lake.
/// </summary>
internal sealed class HtmlReportWriter(SparkSession spark, LakeLayout lake, Storage.IFileStore store)
{
    /// <summary>How far back the global daily chart goes from the lake's latest report date.</summary>
    public const int ChartDays = 366;

    /// <summary>Column headings with their units; columns not listed are shown by name.</summary>
    private static readonly Dictionary<string, string> Headings = new(StringComparer.Ordinal)
    {
        ["confirmed"] = "confirmed (cases)",
        ["deaths"] = "deaths",
        ["countries"] = "countries",
        ["cases_per_thousand"] = "cases per 1,000 people",
        ["avg_cases_per_thousand"] = "avg cases per 1,000 people",
        ["deaths_per_million"] = "deaths per 1,000,000 people",
        ["avg_deaths_per_million"] = "avg deaths per 1,000,000 people",
        ["case_fatality_ratio"] = "case fatality ratio (%)",
        ["avg_case_fatality_ratio"] = "avg case fatality ratio (%)",
        ["avg_hdi"] = "avg HDI (0–1)",
        ["avg_human_development_index"] = "avg HDI (0–1)",
        ["hdi_category"] = "HDI band",
        ["avg_gdp_per_capita"] = "avg GDP per capita (US$, PPP)",
        ["avg_population_density"] = "avg population density (people per km²)",
        ["inertia"] = "inertia (sum of squared standardised distances)",
        ["cluster"] = "cluster",
    };

    /// <param name="run">The dates of the run that renders the page (its first and last are named in the subtitle).</param>
    /// <param name="runId">The run, named in the subtitle.</param>
    /// <param name="ct">Cancels the rendering.</param>
    public async Task WriteAsync(RunDates run, string runId, CancellationToken ct)
    {
        var (runFrom, runTo) = (run.First, run.Last);
        var dailyTable = lake.Refined("global_daily");
        var dailyDates = await ReportDatePartitions.DatesAsync(spark, store, dailyTable, ct);
        var latest = dailyDates.Count > 0 ? dailyDates[^1] : runTo;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>CovidSpark report</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:960px;color:#222}h1{margin-bottom:0}")
            .Append(".sub{color:#666;margin-top:.2rem}table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}")
            .Append("th,td{padding:.25rem .6rem;border-bottom:1px solid #eee;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append("svg{width:100%;height:auto}section{margin-top:2rem}footer{margin-top:3rem;color:#777;font-size:.8rem}</style></head><body>")
            .Append($"<h1>COVID-19 daily analytics</h1><p class=\"sub\">Latest report date in the lake {IsoDate.Format(latest)}")
            .Append(dailyDates.Count > 0 ? $" ({dailyDates.Count} report dates from {IsoDate.Format(dailyDates[0])})" : "")
            .Append($" · rendered by run {Esc(runId)} of {IsoDate.Format(runFrom)}{(runFrom == runTo ? "" : $" to {IsoDate.Format(runTo)}")} · engine {Esc(spark.Engine.Name)}</p>");

        var chart = DatePartitions.Within(new DateWindow(latest.AddDays(1 - ChartDays), latest), dailyDates);
        var daily = chart.Dates.Count == 0 ? [] : await LakeTable.Read(spark, dailyTable, chart).OrderBy("report_date").CollectAsync(ct);
        if (daily.Count > 0)
        {
            var last = daily[^1];
            html.Append("<section><h2>Global daily new cases</h2>")
                .Append($"<p>On {IsoDate.Format(last.GetAs<DateOnly>("report_date"))}: <b>{Num(last.GetAs<double?>("confirmed"))}</b> confirmed, <b>{Num(last.GetAs<double?>("deaths"))}</b> deaths, ")
                .Append($"<b>{Num(last.GetAs<double?>("new_confirmed"))}</b> new cases since the previous report ({Num(last.GetAs<double?>("countries_reporting"))} countries).</p>")
                .Append(BarsWithLine(daily.Select((r, i) =>
                {
                    var day = r.GetAs<DateOnly>("report_date");
                    // After a gap in the reports the difference spans many days: no daily bar for it, and a break marker before it.
                    var previous = i > 0 ? daily[i - 1].GetAs<DateOnly>("report_date") : (DateOnly?)null;
                    var consecutive = previous is { } p && day.DayNumber - p.DayNumber == 1;
                    return new ChartDay(day.ToString("MM-dd", CultureInfo.InvariantCulture), consecutive ? r.GetAs<double?>("new_confirmed") : null,
                        r.GetAs<double?>("new_confirmed_7d_avg"), BreakBefore: previous is not null && !consecutive);
                }).ToList(), "New confirmed cases per report day (bars) and 7-day average (line)", "new cases per day"))
                .Append("<p class=\"sub\">Bars: new cases since the previous day's report (a day after a gap in the reports has none; ")
                .Append("a zigzag on the axis marks each gap); line: 7-day average where the 7 previous days are all reported.</p></section>");
        }

        var (topDate, top) = await LatestAsync("top_countries", df => df.OrderBy("rank"), ct);
        if (top.Count > 0)
        {
            html.Append($"<section><h2>Top countries by confirmed cases, {IsoDate.Format(topDate)}</h2>")
                .Append(HorizontalBars(top.Select(r => (r.GetAs<string>("country") ?? "?", r.GetAs<double>("confirmed"))).ToList(), "Top 10 countries by confirmed cases"))
                .Append(Table(top, ["rank", "country", "continent", "confirmed", "deaths", "cases_per_thousand", "deaths_per_million"])).Append("</section>");
        }

        var (clusterDate, clusters) = await LatestAsync("clusters", df => df.OrderBy("cluster", "iso3"), ct);
        if (clusters.Count > 0 && clusters[0].Schema.Names.Contains("human_development_index") && clusters[0].Schema.Names.Contains("gdp_per_capita"))
        {
            var hasDensity = clusters[0].Schema.Names.Contains("population_density");
            html.Append($"<section><h2>Country clusters (KMeans), {IsoDate.Format(clusterDate)}</h2>")
                .Append(Scatter(clusters.Select(r => new ScatterPoint(r.GetAs<double>("human_development_index"), r.GetAs<double>("gdp_per_capita"),
                    hasDensity ? r.GetAs<double?>("population_density") : null, r.GetAs<int>("cluster"),
                    $"{r.GetAs<string>("country")} (cluster {r.GetAs<int>("cluster")}): HDI {r.GetAs<double>("human_development_index"):0.000}, "
                    + $"GDP per capita ${r.GetAs<double>("gdp_per_capita"):N0}"
                    + (hasDensity ? $", {r.GetAs<double?>("population_density"):N0} people per km²" : ""))).ToList(),
                    "Human development index (0–1)", "GDP per capita (US$, PPP, log scale)",
                    hasDensity ? "point area: population density (people per km²)" : null,
                    "Countries by HDI, GDP per capita and population density, coloured by cluster"));
            var (_, summary) = await LatestAsync("cluster_summary", df => df.OrderBy("cluster"), ct, clusterDate);
            if (summary.Count > 0) html.Append(Table(summary, [.. summary[0].Schema.Names.Where(n => n != "report_date")]));
            html.Append("</section>");
        }

        var (continentDate, continents) = await LatestAsync("continent_stats", df => df.OrderBy("continent"), ct);
        if (continents.Count > 0)
            html.Append($"<section><h2>Continents, {IsoDate.Format(continentDate)}</h2>")
                .Append(Table(continents, ["continent", "countries", "confirmed", "deaths", "cases_per_thousand", "deaths_per_million", "avg_hdi"]))
                .Append($"<p class=\"sub\">Each place counts under the ISO3 code JHU's lookup gives it: territories reported apart from the country ")
                .Append($"that governs them (Puerto Rico, Guam, French Guiana, Réunion, …) are not in that country's figures (\"US\" is the states and DC). ")
                .Append($"Those OWID gives no continent are the row \"{Esc(StatisticsQueries.OtherTerritories)}\", so the rows add up to the global totals.</p></section>");
        var (_, hdiRows) = await LatestAsync("hdi_analysis", df => df, ct);
        var hdi = hdiRows.OrderBy(r => Array.IndexOf(HdiBands, r.GetAs<string>("hdi_category"))).ToList();
        if (hdi.Count > 0)
            html.Append("<section><h2>Human development bands</h2>")
                .Append(Table(hdi, ["hdi_category", "countries", "avg_hdi", "avg_cases_per_thousand", "avg_deaths_per_million", "avg_case_fatality_ratio"])).Append("</section>");

        html.Append("<footer>Data: COVID-19 Data Repository by the Center for Systems Science and Engineering (CSSE) at Johns Hopkins University, ")
            .Append("and Our World in Data, both CC BY 4.0. Generated by CovidSpark.</footer></body></html>");
        await store.WriteTextAsync(lake.Report, html.ToString(), ct);
    }

    private static readonly string?[] HdiBands = ["Very High", "High", "Medium", "Low"];

    /// <summary>
    /// The partition of a refined table for its latest report date (or for <paramref name="date"/>), read through the lake's
    /// dated accessor like every other partition read; no rows when the table or the partition does not exist.
    /// </summary>
    private async Task<(DateOnly Date, IReadOnlyList<Row> Rows)> LatestAsync(string table, Func<DataFrame, DataFrame> query, CancellationToken ct,
        DateOnly? date = null)
    {
        var path = lake.Refined(table);
        if (!await LakeTable.ExistsAsync(store, path, ct)) return (default, []);
        var dates = await ReportDatePartitions.DatesAsync(spark, store, path, ct);
        var chosen = date is { } d ? dates.Where(x => x == d).ToList() : dates.TakeLast(1).ToList();
        if (chosen.Count == 0) return (default, []);
        return (chosen[0], await query(LakeTable.Read(spark, path, new DatePartitions(DateWindow.Day(chosen[0]), chosen))).CollectAsync(ct));
    }

    private static string Table(IReadOnlyList<Row> rows, string[] columns)
    {
        var sb = new StringBuilder("<table><thead><tr>");
        foreach (var c in columns)
            sb.Append($"<th>{Esc(Headings.GetValueOrDefault(c) ?? (c.StartsWith("avg_", StringComparison.Ordinal) ? "avg " + c[4..].Replace('_', ' ') : c.Replace('_', ' ')))}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in rows)
        {
            sb.Append("<tr>");
            foreach (var c in columns)
                sb.Append("<td>").Append(Esc(r[c] switch
                {
                    null => "–",
                    double d => Math.Abs(d) >= 1000 ? d.ToString("N0", CultureInfo.InvariantCulture) : d.ToString("0.###", CultureInfo.InvariantCulture),
                    long l => l.ToString("N0", CultureInfo.InvariantCulture),
                    var v => Row.Format(v),
                })).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }
}
