using System.Globalization;
using Microsoft.VisualBasic.FileIO;

namespace CovidSpark.Jobs.Tests.Infrastructure;

/// <summary>A country-day computed by the test from the raw files: the sums JHU's rows add up to for one ISO3.</summary>
internal sealed record CountryDay(string Iso3, long Confirmed, long Deaths);

/// <summary>
/// Expected country totals computed in the test from the raw November reports and the JHU lookup table, read with the BCL's
/// TextFieldParser: a row belongs to the ISO3 the lookup gives its (country, province) — so territories such as Greenland or
/// Hong Kong are their own — and cruise ships count for no country.
/// </summary>
internal static class ReferenceTotals
{
    private static readonly string[] Ships = ["Diamond Princess", "Grand Princess", "MS Zaandam"];

    private static readonly Lazy<(Dictionary<string, string> Countries, Dictionary<(string, string), string> Provinces)> Lookup = new(() =>
    {
        using var parser = new TextFieldParser(TestData.SampleLookup, System.Text.Encoding.UTF8) { HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var h = parser.ReadFields()!.Select(x => x.Trim().TrimStart('\uFEFF')).ToList();
        int iso = h.IndexOf("iso3"), admin2 = h.IndexOf("Admin2"), prov = h.IndexOf("Province_State"), country = h.IndexOf("Country_Region");
        var countries = new Dictionary<string, string>();
        var provinces = new Dictionary<(string, string), string>();
        while (!parser.EndOfData)
        {
            var f = parser.ReadFields()!;
            if (f[admin2] != "" || f[iso] == "") continue;
            if (f[prov] == "") countries.TryAdd(f[country], f[iso]);
            else provinces.TryAdd((f[country], f[prov]), f[iso]);
        }
        return (countries, provinces);
    });

    /// <summary>ISO3 → totals of one November report (canonical names, so only the lookup is needed).</summary>
    public static Dictionary<string, CountryDay> ForDay(string monthDay)
    {
        var raw = RawReport.Load(TestData.Report(monthDay));
        var (countries, provinces) = Lookup.Value;
        var totals = new Dictionary<string, (long C, long D)>();
        foreach (var row in raw.Rows)
        {
            var (c, p) = (raw.Country(row), raw.Province(row));
            if (Ships.Contains(c) || Ships.Contains(p)) continue;
            var iso = (p != "" && provinces.TryGetValue((c, p), out var pi) ? pi : null) ?? countries[c];
            var t = totals.GetValueOrDefault(iso);
            totals[iso] = (t.C + raw.Confirmed(row), t.D + raw.Deaths(row));
        }
        return totals.ToDictionary(kv => kv.Key, kv => new CountryDay(kv.Key, kv.Value.C, kv.Value.D));
    }

    /// <summary>OWID's pseudo-code for Kosovo, a country (JHU: XKS), unlike the other <c>OWID_</c> aggregates.</summary>
    public static string? JhuIso(string? owidCode) => owidCode == "OWID_KOS" ? "XKS" : owidCode;

    /// <summary>OWID rows that are countries (a continent, no OWID_ code but Kosovo's): ISO3 → (continent, population, HDI, GDP, density).</summary>
    public static Dictionary<string, OwidCountry> Owid()
    {
        var raw = RawReport.Load(TestData.SampleIndicators);
        double? D(string[] r, string c) => raw.Get(r, c) is { Length: > 0 } s ? double.Parse(s, CultureInfo.InvariantCulture) : null;
        return raw.Rows.Where(r => raw.Get(r, "continent") != "" && !JhuIso(raw.Get(r, "iso_code"))!.StartsWith("OWID_", StringComparison.Ordinal))
            .ToDictionary(r => JhuIso(raw.Get(r, "iso_code"))!, r => new OwidCountry(JhuIso(raw.Get(r, "iso_code"))!, raw.Get(r, "continent")!, raw.Get(r, "location")!,
                D(r, "population"), D(r, "human_development_index"), D(r, "gdp_per_capita"), D(r, "population_density")));
    }
}

internal sealed record OwidCountry(string Iso3, string Continent, string Name, double? Population, double? Hdi, double? Gdp, double? Density);
