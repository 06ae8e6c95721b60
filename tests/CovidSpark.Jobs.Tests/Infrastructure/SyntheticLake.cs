using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;
using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Jobs.Tests.Infrastructure;

/// <summary>A country of a synthetic lake: indicators plus one confirmed total per day.</summary>
internal sealed record SyntheticCountry(string Iso3, string Continent, double? Hdi, double? Gdp, double? Density, long Population);

/// <summary>Writes small trusted tables through the SparkSession API, with the column names and types the ETL writes.</summary>
internal static class SyntheticLake
{
    private const string CountriesDdl =
        "iso3 string, country string, continent string, population bigint, population_density double, gdp_per_capita double, " +
        "human_development_index double, median_age double, aged_65_older double, life_expectancy double, hospital_beds_per_thousand double, has_indicators boolean";

    private const string DailyDdl =
        "report_date date, iso3 string, country string, continent string, confirmed bigint, deaths bigint, new_confirmed bigint, new_deaths bigint, " +
        "new_confirmed_7d_avg double, population bigint, cases_per_thousand double, deaths_per_million double, case_fatality_ratio double";

    public static async Task WriteCountriesAsync(SparkSession spark, string lake, IEnumerable<SyntheticCountry> countries)
    {
        var rows = countries.Select(c => new object?[] { c.Iso3, "Country " + c.Iso3, c.Continent, c.Population, c.Density, c.Gdp, c.Hdi, null, null, null, null, true });
        await spark.CreateDataFrame(rows, StructType.FromDdl(CountriesDdl)).Write().Format("delta").Mode(SaveMode.Overwrite).SaveAsync(Path.Combine(lake, "trusted", "countries"));
    }

    /// <summary>daily_country rows: (date, country, confirmed, deaths, new_confirmed, 7-day average).</summary>
    public static async Task WriteDailyAsync(SparkSession spark, string lake,
        IEnumerable<(DateOnly Date, SyntheticCountry Country, long Confirmed, long Deaths, long? NewConfirmed, double? Avg7)> days, bool replaceDatesOnly = false)
    {
        var rows = days.Select(d => new object?[]
        {
            d.Date, d.Country.Iso3, "Country " + d.Country.Iso3, d.Country.Continent, d.Confirmed, d.Deaths, d.NewConfirmed, null, d.Avg7,
            d.Country.Population, d.Confirmed * 1000.0 / d.Country.Population, d.Deaths * 1e6 / d.Country.Population,
            d.Confirmed == 0 ? null : d.Deaths * 100.0 / d.Confirmed,
        });
        var writer = spark.CreateDataFrame(rows, StructType.FromDdl(DailyDdl)).Write().Format("delta").Mode(SaveMode.Overwrite);
        if (replaceDatesOnly) writer = writer.Option("partitionOverwriteMode", "dynamic");
        await writer.PartitionBy("report_date").SaveAsync(Path.Combine(lake, "trusted", "daily_country"));
    }
}
