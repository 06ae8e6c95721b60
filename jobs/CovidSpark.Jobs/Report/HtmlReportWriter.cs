using System.Globalization;
using System.Text;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Spark.Sql;
using static CovidSpark.Jobs.Report.Svg;
using static CovidSpark.Spark.Sql.Functions;

namespace CovidSpark.Jobs.Report;

/// <summary>
/// Renders <c>&lt;lake&gt;/report.html</c>: one self-contained page (inline SVG, no scripts or downloads) with the global daily
/// new cases, the top countries, the clusters and the headline tables, read back from the refined tables through the engine.
/// </summary>
internal sealed class HtmlReportWriter(SparkSession spark, LakeLayout lake, Storage.IFileStore store)
{
    public async Task WriteAsync(DateOnly from, DateOnly to, string runId, CancellationToken ct)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>CovidSpark report</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:960px;color:#222}h1{margin-bottom:0}")
            .Append(".sub{color:#666;margin-top:.2rem}table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}")
            .Append("th,td{padding:.25rem .6rem;border-bottom:1px solid #eee;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append("svg{width:100%;height:auto}section{margin-top:2rem}footer{margin-top:3rem;color:#777;font-size:.8rem}</style></head><body>")
            .Append($"<h1>COVID-19 daily analytics</h1><p class=\"sub\">Report dates {from:yyyy-MM-dd} to {to:yyyy-MM-dd} · run {Esc(runId)} · engine {Esc(spark.Engine.Name)}</p>");

        var daily = await TryCollect(lake.Refined("global_daily"), df => df.Filter(Col("report_date").Between(Lit(from), Lit(to))).OrderBy("report_date"), ct);
        if (daily.Count > 0)
        {
            var last = daily[^1];
            html.Append("<section><h2>Global daily new cases</h2>")
                .Append($"<p>On {last.GetAs<DateOnly>("report_date"):yyyy-MM-dd}: <b>{Num(last.GetAs<double?>("confirmed"))}</b> confirmed, <b>{Num(last.GetAs<double?>("deaths"))}</b> deaths, ")
                .Append($"<b>{Num(last.GetAs<double?>("new_confirmed"))}</b> new cases since the previous report ({Num(last.GetAs<double?>("countries_reporting"))} countries).</p>")
                .Append(BarsWithLine(daily.Select((r, i) => (r.GetAs<DateOnly>("report_date").ToString("MM-dd", CultureInfo.InvariantCulture),
                    // After a gap in the reports the difference spans many days: no daily bar for it.
                    i > 0 && r.GetAs<DateOnly>("report_date").DayNumber - daily[i - 1].GetAs<DateOnly>("report_date").DayNumber == 1 ? r.GetAs<double?>("new_confirmed") : null,
                    r.GetAs<double?>("new_confirmed_7d_avg"))).ToList(),
                    "New confirmed cases per report day (bars) and 7-day average (line)"))
                .Append("<p class=\"sub\">Bars: new cases since the previous day's report (days after a gap in the reports have none); line: 7-day average where the 7 previous days are all reported.</p></section>");
        }

        var top = await TryCollect(lake.Refined("top_countries"), df => df.Filter(Col("report_date").EqualTo(Lit(to))).OrderBy("rank"), ct);
        if (top.Count > 0)
        {
            html.Append($"<section><h2>Top countries by confirmed cases, {to:yyyy-MM-dd}</h2>")
                .Append(HorizontalBars(top.Select(r => (r.GetAs<string>("country") ?? "?", r.GetAs<double>("confirmed"))).ToList(), "Top 10 countries by confirmed cases"))
                .Append(Table(top, ["rank", "country", "continent", "confirmed", "deaths", "cases_per_thousand", "deaths_per_million"])).Append("</section>");
        }

        var clusters = await TryCollect(lake.Refined("clusters"), df => df, ct);
        if (clusters.Count > 0 && clusters[0].Schema.Names.Contains("human_development_index") && clusters[0].Schema.Names.Contains("gdp_per_capita"))
        {
            html.Append("<section><h2>Country clusters (KMeans)</h2>")
                .Append(Scatter(clusters.Select(r => (r.GetAs<double>("human_development_index"), Math.Log10(Math.Max(1, r.GetAs<double>("gdp_per_capita"))),
                    r.GetAs<int>("cluster"), $"{r.GetAs<string>("country")} (cluster {r.GetAs<int>("cluster")})")).ToList(),
                    "Human development index", "GDP per capita (log10)", "Countries by HDI and GDP per capita, coloured by cluster"));
            var summary = await TryCollect(lake.Refined("cluster_summary"), df => df.OrderBy("cluster"), ct);
            if (summary.Count > 0) html.Append(Table(summary, summary[0].Schema.Names.ToArray()));
            html.Append("</section>");
        }

        var continents = await TryCollect(lake.Refined("continent_stats"), df => df.Filter(Col("report_date").EqualTo(Lit(to))).OrderBy("continent"), ct);
        if (continents.Count > 0)
            html.Append($"<section><h2>Continents, {to:yyyy-MM-dd}</h2>")
                .Append(Table(continents, ["continent", "countries", "confirmed", "deaths", "cases_per_thousand", "deaths_per_million", "avg_hdi"])).Append("</section>");
        var hdi = (await TryCollect(lake.Refined("hdi_analysis"), df => df.Filter(Col("report_date").EqualTo(Lit(to))), ct))
            .OrderBy(r => Array.IndexOf(HdiBands, r.GetAs<string>("hdi_category"))).ToList();
        if (hdi.Count > 0)
            html.Append("<section><h2>Human development bands</h2>")
                .Append(Table(hdi, ["hdi_category", "countries", "avg_hdi", "avg_cases_per_thousand", "avg_deaths_per_million", "avg_case_fatality_ratio"])).Append("</section>");

        html.Append("<footer>Data: COVID-19 Data Repository by the Center for Systems Science and Engineering (CSSE) at Johns Hopkins University, ")
            .Append("and Our World in Data, both CC BY 4.0. Generated by CovidSpark.</footer></body></html>");
        await store.WriteTextAsync(lake.Report, html.ToString(), ct);
    }

    private static readonly string?[] HdiBands = ["Very High", "High", "Medium", "Low"];

    private async Task<IReadOnlyList<Row>> TryCollect(string path, Func<DataFrame, DataFrame> query, CancellationToken ct) =>
        await LakeTable.ExistsAsync(store, path, ct) ? await query(LakeTable.Read(spark, path)).CollectAsync(ct) : [];

    private static string Table(IReadOnlyList<Row> rows, string[] columns)
    {
        var sb = new StringBuilder("<table><thead><tr>");
        foreach (var c in columns) sb.Append($"<th>{Esc(c.Replace('_', ' '))}</th>");
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
