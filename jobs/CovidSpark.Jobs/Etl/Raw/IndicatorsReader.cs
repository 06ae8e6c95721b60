using System.Globalization;

namespace CovidSpark.Jobs.Etl.Raw;

/// <summary>Country indicators after checks (null where missing or implausible).</summary>
internal sealed record CountryIndicators(
    string Iso3, string Country, string? Continent, long? Population, double? PopulationDensity, double? GdpPerCapita,
    double? HumanDevelopmentIndex, double? MedianAge, double? Aged65Older, double? LifeExpectancy, double? HospitalBedsPerThousand,
    bool HasIndicators)
{
    /// <summary>The value of a <c>trusted/countries</c> column by its name; null for a column that is no numeric indicator.</summary>
    public static Func<CountryIndicators, double?>? Feature(string column) => column switch
    {
        "population" => c => c.Population,
        "population_density" => c => c.PopulationDensity,
        "gdp_per_capita" => c => c.GdpPerCapita,
        "human_development_index" => c => c.HumanDevelopmentIndex,
        "median_age" => c => c.MedianAge,
        "aged_65_older" => c => c.Aged65Older,
        "life_expectancy" => c => c.LifeExpectancy,
        "hospital_beds_per_thousand" => c => c.HospitalBedsPerThousand,
        _ => null,
    };
}

/// <summary>What reading the indicators file produced, with the data-quality counts that go into the run manifest.</summary>
internal sealed record IndicatorsReadResult(
    IReadOnlyList<CountryIndicators> Countries, int RowsRead, int AggregateRowsExcluded, int UnmatchedRows,
    IReadOnlyDictionary<string, int> ImplausibleValuesNulled, IReadOnlyList<QuarantineRecord> Quarantined, string JoinKey);

/// <summary>
/// Reads an Our World in Data country-indicators CSV (the "latest" snapshot layout). Rows are matched to JHU ISO3 codes by
/// <c>iso_code</c> when the file has it, else by canonical country name. OWID aggregates (World, continents, income groups,
/// <c>OWID_*</c> codes, rows without a continent) are excluded. Implausible values — HDI outside [0, 1], negative population,
/// density or GDP, ages outside [0, 120] — are nulled and counted (real extracts have lost decimal points before).
/// Every ISO3 of the JHU lookup gets a row, with the lookup's population when the file has none.
/// </summary>
internal sealed class IndicatorsReader(LocationLookup locations)
{
    public IndicatorsReadResult Read(string path)
    {
        if (!File.Exists(path)) throw new InputFileException(path, null, "indicators file not found (pass --indicators FILE)");
        var file = Path.GetFileName(path);
        using var records = CsvRecordReader.Open(path).Records().GetEnumerator();
        if (!records.MoveNext()) throw new InputFileException(path, 1, "indicators file is empty");
        var header = records.Current.Fields.Select(h => h.Trim()).ToList();
        int Col(string name) => header.FindIndex(h => h.Equals(name, StringComparison.OrdinalIgnoreCase));
        var iso = Col("iso_code");
        var location = Col("location");
        if (iso < 0 && location < 0) throw new InputFileException(path, 1, "indicators file has neither an 'iso_code' nor a 'location' column");
        var continent = Col("continent");
        var nulled = new Dictionary<string, int>();
        var quarantined = new List<QuarantineRecord>();
        var byIso = new SortedDictionary<string, CountryIndicators>(StringComparer.Ordinal);
        int rows = 0, aggregates = 0, unmatched = 0;
        while (records.MoveNext())
        {
            var rec = records.Current;
            var f = rec.Fields;
            if (f.All(x => x.Trim().Length == 0)) continue;
            rows++;
            string? Get(int i) => i >= 0 && i < f.Length && f[i].Trim().Length > 0 ? f[i].Trim() : null;
            // OWID gives Kosovo a pseudo-code (it has no ISO 3166 code); JHU calls it XKS. It is a country, not an aggregate.
            var code = Get(iso) is { } c && c.Equals("OWID_KOS", StringComparison.OrdinalIgnoreCase) ? "XKS" : Get(iso);
            var cont = Get(continent);
            if ((code is not null && code.StartsWith("OWID_", StringComparison.OrdinalIgnoreCase)) || (continent >= 0 && cont is null))
            {
                aggregates++;
                continue;
            }
            var iso3 = code ?? (Get(location) is { } name ? locations.IsoOfCountryName(name) : null);
            if (iso3 is null || iso3.Length != 3)
            {
                unmatched++;
                quarantined.Add(new QuarantineRecord(file, rec.Line, $"no ISO3 code for location '{Get(location)}'", rec.RawText));
                continue;
            }
            double? Num(string column, Func<double, bool> plausible)
            {
                var text = Get(Col(column));
                if (text is null) return null;
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || !plausible(v))
                {
                    nulled[column] = nulled.GetValueOrDefault(column) + 1;
                    return null;
                }
                return v;
            }
            var population = Num("population", v => v >= 0);
            var countryName = locations.Names.TryGetValue(iso3, out var n) ? n : Get(location) ?? iso3;
            byIso[iso3] = new CountryIndicators(iso3, countryName, cont,
                population is null ? locations.Population.GetValueOrDefault(iso3) is var lp && lp > 0 ? lp : null : (long)population.Value,
                Num("population_density", v => v >= 0), Num("gdp_per_capita", v => v >= 0),
                Num("human_development_index", v => v is >= 0 and <= 1), Num("median_age", v => v is >= 0 and <= 120),
                Num("aged_65_older", v => v is >= 0 and <= 100), Num("life_expectancy", v => v is >= 0 and <= 120),
                Num("hospital_beds_per_thousand", v => v >= 0), HasIndicators: true);
        }
        foreach (var (code, name) in locations.Names)
            if (!byIso.ContainsKey(code))
                byIso[code] = new CountryIndicators(code, name, null, locations.Population.TryGetValue(code, out var p) && p > 0 ? p : null,
                    null, null, null, null, null, null, null, HasIndicators: false);
        return new IndicatorsReadResult([.. byIso.Values], rows, aggregates, unmatched, nulled, quarantined, iso >= 0 ? "iso_code" : "location");
    }
}
