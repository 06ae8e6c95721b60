using System.Globalization;
using CovidSpark.Jobs.Etl.Raw;
using CovidSpark.Jobs.Tests.Infrastructure;

namespace CovidSpark.Jobs.Tests.Etl;

public sealed class IndicatorsReaderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static IndicatorsReadResult Read(string path) => new IndicatorsReader(Lookups.Sample).Read(path);

    private static readonly string[] AggregateNames =
        ["World", "Africa", "Asia", "Europe", "European Union", "North America", "South America", "Oceania", "International",
         "High income", "Low income", "Upper middle income", "Lower middle income"];

    [Fact]
    public void Owid_aggregates_never_become_countries()
    {
        var raw = RawReport.Load(TestData.SampleIndicators);
        var aggregates = raw.Rows.Count(r => ReferenceTotals.JhuIso(raw.Get(r, "iso_code"))!.StartsWith("OWID_", StringComparison.Ordinal) || raw.Get(r, "continent") == "");

        var result = Read(TestData.SampleIndicators);

        Assert.Equal(aggregates, result.AggregateRowsExcluded);
        Assert.Equal(raw.Rows.Count - aggregates, result.Countries.Count(c => c.HasIndicators));
        Assert.DoesNotContain(result.Countries, c => c.Iso3.StartsWith("OWID", StringComparison.Ordinal) || c.Iso3.Length != 3);
        Assert.DoesNotContain(result.Countries, c => AggregateNames.Contains(c.Country));
        Assert.Equal("iso_code", result.JoinKey);
    }

    [Fact]
    public void Indicator_values_come_from_the_file()
    {
        var raw = RawReport.Load(TestData.SampleIndicators);
        var deu = raw.Rows.Single(r => raw.Get(r, "iso_code") == "DEU");
        double D(string col) => double.Parse(raw.Get(deu, col)!, CultureInfo.InvariantCulture);

        var germany = Read(TestData.SampleIndicators).Countries.Single(c => c.Iso3 == "DEU");

        Assert.Equal(("Germany", "Europe"), (germany.Country, germany.Continent));
        Assert.Equal((long)D("population"), germany.Population);
        Assert.Equal(D("population_density"), germany.PopulationDensity);
        Assert.Equal(D("gdp_per_capita"), germany.GdpPerCapita);
        Assert.Equal(D("human_development_index"), germany.HumanDevelopmentIndex);
        Assert.Equal("US", Read(TestData.SampleIndicators).Countries.Single(c => c.Iso3 == "USA").Country);
    }

    private const string Header = "iso_code,continent,location,population,population_density,gdp_per_capita,median_age,human_development_index";

    [Fact]
    public void Aggregate_rows_of_every_kind_are_excluded_from_a_file_with_iso_codes()
    {
        var path = _dir.Write("owid.csv", string.Join("\n", Header,
            "OWID_WRL,,World,7874965730.0,58.045,15469.207,30.9,0.737",
            "OWID_EUR,,Europe,748962983.0,,,,",
            "OWID_HIC,,High income,1215580000.0,,,,",
            "OWID_UMC,,Upper middle income,2500000000.0,,,,",
            "OWID_EUN,,European Union,447189915.0,,,,",
            "OWID_INT,,International,,,,,",
            "FRA,Europe,France,67422000.0,122.578,38605.671,42.0,0.901",
            ""));

        var result = Read(path);

        Assert.Equal(6, result.AggregateRowsExcluded);
        Assert.Equal(["FRA"], result.Countries.Where(c => c.HasIndicators).Select(c => c.Iso3));
        Assert.DoesNotContain(result.Countries, c => AggregateNames.Contains(c.Country));
    }

    [Fact]
    public void Implausible_values_are_nulled_and_counted()
    {
        var path = _dir.Write("owid.csv", string.Join("\n", Header,
            "NOR,Europe,Norway,5465629.0,14.462,64800.057,39.7,8.5",     // HDI lost its decimal point
            "SWE,Europe,Sweden,10160159.0,-24.718,46949.283,41.0,0.945", // negative density
            "FIN,Europe,Finland,-5548361.0,18.136,40585.721,42.8,0.938", // negative population
            "DNK,Europe,Denmark,5813302.0,136.52,-46682.515,42.3,-0.94", // negative GDP and HDI
            "ISL,Europe,Iceland,368792.0,3.404,46482.958,37.3,0.949",
            ""));

        var result = Read(path);
        var by = result.Countries.ToDictionary(c => c.Iso3);

        Assert.Null(by["NOR"].HumanDevelopmentIndex);
        Assert.Equal(64800.057, by["NOR"].GdpPerCapita);
        Assert.Null(by["SWE"].PopulationDensity);
        Assert.Equal(0.945, by["SWE"].HumanDevelopmentIndex);
        Assert.Null(by["DNK"].GdpPerCapita);
        Assert.Null(by["DNK"].HumanDevelopmentIndex);
        // A nulled population is never the bad value; the JHU lookup's population stands in for it.
        Assert.Equal(Lookups.Sample.Population["FIN"], by["FIN"].Population);
        Assert.True(by["FIN"].Population > 0);
        Assert.Equal(0.949, by["ISL"].HumanDevelopmentIndex);
        Assert.Equal(2, result.ImplausibleValuesNulled["human_development_index"]);
        Assert.Equal(1, result.ImplausibleValuesNulled["population_density"]);
        Assert.Equal(1, result.ImplausibleValuesNulled["population"]);
        Assert.Equal(1, result.ImplausibleValuesNulled["gdp_per_capita"]);
    }

    [Fact]
    public void A_file_without_iso_code_is_joined_by_name_and_its_aggregates_still_excluded()
    {
        var path = _dir.Write("owid-names.csv", string.Join("\n",
            "location,continent,population,population_density,gdp_per_capita,human_development_index",
            "Germany,Europe,83900471.0,237.016,45229.245,0.947",
            "South Korea,Asia,51305184.0,527.967,35938.374,0.916",
            "Czech Republic,Europe,10724553.0,137.176,32605.906,0.9",
            "World,,7874965730.0,58.045,15469.207,0.737",
            "Europe,,748962983.0,,,",
            "High income,,1215580000.0,,,",
            "Narnia,Europe,1000.0,,,",
            ""));

        var result = Read(path);

        Assert.Equal("location", result.JoinKey);
        Assert.Equal(["CZE", "DEU", "KOR"], result.Countries.Where(c => c.HasIndicators).Select(c => c.Iso3).Order());
        Assert.Equal(0.916, result.Countries.Single(c => c.Iso3 == "KOR").HumanDevelopmentIndex);
        Assert.Equal(3, result.AggregateRowsExcluded);
        var narnia = Assert.Single(result.Quarantined);
        Assert.Contains("Narnia", narnia.Reason);
        Assert.Equal(8, narnia.Line);
    }

    [Fact]
    public void Joining_the_real_owid_file_by_name_finds_the_same_countries_as_joining_by_iso_code()
    {
        // The real snapshot with its iso_code column removed: every country JHU knows must still be found, by its OWID name.
        var lines = File.ReadAllLines(TestData.SampleIndicators);
        var withoutIso = lines.Select(l => l[(l.IndexOf(',') + 1)..]);
        var path = _dir.Write("owid-no-iso.csv", string.Join("\n", withoutIso) + "\n");
        var raw = RawReport.Load(TestData.SampleIndicators);
        var expected = raw.Rows
            .Where(r => raw.Get(r, "continent") != "" && !raw.Get(r, "iso_code")!.StartsWith("OWID_", StringComparison.Ordinal))
            .Where(r => Lookups.Sample.Names.ContainsKey(raw.Get(r, "iso_code")!))
            .ToDictionary(r => raw.Get(r, "location")!, r => raw.Get(r, "iso_code")!); // (a name join cannot know OWID's Kosovo pseudo-code)

        var result = Read(path);

        var found = result.Countries.Where(c => c.HasIndicators).Select(c => c.Iso3).ToHashSet();
        var missing = expected.Where(kv => !found.Contains(kv.Value)).Select(kv => $"{kv.Key} ({kv.Value})").ToList();
        Assert.True(missing.Count == 0, "not joined by name: " + string.Join(", ", missing));
        var byIso = Read(TestData.SampleIndicators).Countries.ToDictionary(c => c.Iso3);
        Assert.All(result.Countries.Where(c => c.HasIndicators),
            c => Assert.Equal(byIso[c.Iso3].HumanDevelopmentIndex, c.HumanDevelopmentIndex));
    }
}
