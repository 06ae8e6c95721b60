using CovidSpark.Spark.Plan;

namespace CovidSpark.Jobs.Stats;

/// <summary>
/// The refined tables as portable SQL: the same text runs on DuckDB and Spark SQL (CORR, STDDEV_SAMP, window functions,
/// CASE; division guarded with NULLIF; no DECIMAL literals in outputs (Spark would write decimal columns); CORR guarded against
/// zero variance, see <see cref="Corr"/>). Every text is ANSI-safe: it gives the same answer with <c>spark.sql.ansi.enabled</c>
/// on (Spark 4's default) and off. Views: <c>dc</c> (trusted daily_country of the dates being computed, with a lookback
/// for trends), <c>countries</c> (trusted indicators), <c>place_facts</c> (<see cref="PlaceFacts"/>) and <c>facts</c>
/// (<see cref="CountryFacts"/>). The first date being computed is a typed argument written as a SQL date literal
/// (<see cref="DateLiteral"/>), never spliced into a text template.
/// </summary>
internal static class StatisticsQueries
{
    /// <summary>
    /// The <c>continent</c> of places OWID gives no continent (Puerto Rico, Guam, French Guiana, Réunion, … which JHU reports
    /// under their own ISO3 code, apart from the country that governs them): they get a row of their own in
    /// <c>continent_stats</c>, so continents add up to the global totals, and stay out of the per-country analyses.
    /// </summary>
    public const string OtherTerritories = "Other / territories";

    /// <summary>
    /// Every country row of the dates being computed (ISO3 known), joined to indicators; places without an OWID continent are in
    /// <see cref="OtherTerritories"/>. Aggregates and ships never appear (no ISO3).
    /// </summary>
    public static string PlaceFacts(DateOnly from) => $$"""
        SELECT dc.report_date, dc.iso3, dc.country, COALESCE(c.continent, '{{OtherTerritories}}') AS continent, dc.confirmed, dc.deaths,
               dc.new_confirmed, dc.new_deaths, dc.new_confirmed_7d_avg, dc.cases_per_thousand, dc.deaths_per_million,
               dc.case_fatality_ratio, dc.population,
               c.human_development_index AS hdi, c.gdp_per_capita AS gdp_per_capita, c.population_density AS population_density
        FROM dc LEFT JOIN countries c ON dc.iso3 = c.iso3
        WHERE dc.report_date >= {{DateLiteral(from)}}
        """;

    /// <summary>The countries among <see cref="PlaceFacts"/>: those with an OWID continent.</summary>
    public const string CountryFacts = $"SELECT * FROM place_facts WHERE continent <> '{OtherTerritories}'";

    /// <summary>
    /// <c>CORR(x, y)</c>, NULL unless x and y both vary over the rows where both are present. Unguarded, a group with zero
    /// variance (one country, or every country with the same value) fails the whole query with DIVIDE_BY_ZERO on Spark
    /// under ANSI, and gives NaN on DuckDB. <c>REGR_SXX(y, x)</c>/<c>REGR_SYY(y, x)</c> are the sums of squared deviations
    /// over exactly those pairs and divide by nothing. The guard is the plan's lowering rule (<c>CovidSpark.Spark.Plan.Lowering</c>,
    /// which the DataFrame <c>Corr</c> gets too), spelled as SQL text by <see cref="SparkSqlText"/>:
    /// <c>CASE WHEN REGR_SXX(y, x) &gt; 0 AND REGR_SYY(y, x) &gt; 0 THEN CORR(x, y) END</c>.
    /// </summary>
    private static string Corr(string x, string y) => SparkSqlText.Lowered("corr", x, y);

    /// <summary><c>DATE 'yyyy-MM-dd'</c>: the same literal in DuckDB and Spark SQL.</summary>
    internal static string DateLiteral(DateOnly date) => $"DATE '{Spark.Sql.IsoDate.Format(date)}'";

    /// <summary>The refined tables computed for the dates from <paramref name="from"/> on, each as one SQL text.</summary>
    public static IReadOnlyDictionary<string, string> Tables(DateOnly from) => new Dictionary<string, string>
    {
        ["continent_stats"] = """
            SELECT report_date, continent, COUNT(*) AS countries, SUM(confirmed) AS confirmed, SUM(deaths) AS deaths,
                   SUM(population) AS population,
                   CAST(SUM(confirmed) AS DOUBLE) * 1000 / NULLIF(SUM(population), 0) AS cases_per_thousand,
                   CAST(SUM(deaths) AS DOUBLE) * 1000000 / NULLIF(SUM(population), 0) AS deaths_per_million,
                   AVG(hdi) AS avg_hdi, AVG(gdp_per_capita) AS avg_gdp_per_capita
            FROM place_facts GROUP BY report_date, continent ORDER BY report_date, continent
            """,
        ["numeric_summary"] = string.Join("\nUNION ALL\n",
            new[] { "confirmed", "deaths", "cases_per_thousand", "deaths_per_million", "case_fatality_ratio", "hdi", "gdp_per_capita", "population_density" }
            .Select(m => $"""
                SELECT report_date, '{m}' AS metric, COUNT({m}) AS count, AVG(CAST({m} AS DOUBLE)) AS mean,
                       STDDEV_SAMP(CAST({m} AS DOUBLE)) AS stddev, MIN(CAST({m} AS DOUBLE)) AS min, MAX(CAST({m} AS DOUBLE)) AS max
                FROM facts GROUP BY report_date
                """)) + "\nORDER BY report_date, metric",
        ["top_countries"] = """
            SELECT report_date, rank, iso3, country, continent, confirmed, deaths, cases_per_thousand, deaths_per_million
            FROM (SELECT f.*, ROW_NUMBER() OVER (PARTITION BY report_date ORDER BY confirmed DESC, iso3) AS rank FROM facts f) ranked
            WHERE rank <= 10 ORDER BY report_date, rank
            """,
        ["correlation_analysis"] = $"""
            SELECT report_date, continent, COUNT(*) AS countries,
                   {Corr("hdi", "cases_per_thousand")} AS corr_hdi_cases,
                   {Corr("gdp_per_capita", "cases_per_thousand")} AS corr_gdp_cases,
                   {Corr("population_density", "cases_per_thousand")} AS corr_density_cases,
                   AVG(hdi) AS avg_hdi, AVG(gdp_per_capita) AS avg_gdp_per_capita, AVG(population_density) AS avg_population_density,
                   AVG(cases_per_thousand) AS avg_cases_per_thousand
            FROM (SELECT report_date, continent, hdi, gdp_per_capita, population_density, cases_per_thousand FROM facts
                  UNION ALL
                  SELECT report_date, 'All' AS continent, hdi, gdp_per_capita, population_density, cases_per_thousand FROM facts) x
            GROUP BY report_date, continent ORDER BY report_date, continent
            """,
        ["hdi_analysis"] = """
            SELECT report_date, hdi_category, COUNT(*) AS countries, AVG(hdi) AS avg_hdi,
                   AVG(cases_per_thousand) AS avg_cases_per_thousand, AVG(deaths_per_million) AS avg_deaths_per_million,
                   AVG(case_fatality_ratio) AS avg_case_fatality_ratio, AVG(gdp_per_capita) AS avg_gdp_per_capita
            FROM (SELECT f.*, CASE WHEN hdi >= 0.8 THEN 'Very High' WHEN hdi >= 0.7 THEN 'High'
                                   WHEN hdi >= 0.55 THEN 'Medium' ELSE 'Low' END AS hdi_category
                  FROM facts f WHERE hdi IS NOT NULL) x
            GROUP BY report_date, hdi_category ORDER BY report_date, hdi_category
            """,
        ["global_daily"] = $"""
            SELECT report_date, COUNT(*) AS countries_reporting, SUM(confirmed) AS confirmed, SUM(deaths) AS deaths,
                   SUM(new_confirmed) AS new_confirmed, SUM(new_deaths) AS new_deaths,
                   SUM(new_confirmed_7d_avg) AS new_confirmed_7d_avg
            FROM dc WHERE report_date >= {DateLiteral(from)} GROUP BY report_date ORDER BY report_date
            """,
    };
}
