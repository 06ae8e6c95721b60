using System.Collections.Frozen;
using System.Globalization;

namespace CovidSpark.Jobs.Etl.Raw;

/// <summary>Where a report row belongs.</summary>
internal enum LocationType { Country, Ship }

/// <summary>A report row's location after canonicalisation.</summary>
internal sealed record CanonicalLocation(string Country, string? ProvinceState, string? Iso3, LocationType Type);

/// <summary>
/// Canonicalises JHU country/province names across the 2020 renames ("Mainland China" → China, "South Korea" → "Korea, South",
/// "Iran (Islamic Republic of)" → Iran, territories reported as countries early on → their sovereign's province) and tags
/// ISO3 codes from JHU's UID/ISO lookup table, province first (Greenland → GRL, Hong Kong → HKG), then country.
/// Cruise ships stay as ship rows without ISO3, so they never count as a country.
/// </summary>
internal sealed class LocationLookup
{
    /// <summary>Early names → (JHU canonical country, province the place became).</summary>
    private static readonly FrozenDictionary<string, (string Country, string? Province)> Aliases =
        new Dictionary<string, (string, string?)>(StringComparer.OrdinalIgnoreCase)
        {
            ["Mainland China"] = ("China", null),
            ["Hong Kong"] = ("China", "Hong Kong"),
            ["Hong Kong SAR"] = ("China", "Hong Kong"),
            ["Macau"] = ("China", "Macau"),
            ["Macao SAR"] = ("China", "Macau"),
            ["Taiwan"] = ("Taiwan*", null),
            ["Taipei and environs"] = ("Taiwan*", null),
            ["South Korea"] = ("Korea, South", null),
            ["Republic of Korea"] = ("Korea, South", null),
            ["Iran (Islamic Republic of)"] = ("Iran", null),
            ["Viet Nam"] = ("Vietnam", null),
            ["Russian Federation"] = ("Russia", null),
            ["Republic of Moldova"] = ("Moldova", null),
            ["UK"] = ("United Kingdom", null),
            ["North Ireland"] = ("United Kingdom", null),
            ["Czech Republic"] = ("Czechia", null),
            ["Palestine"] = ("West Bank and Gaza", null),
            ["occupied Palestinian territory"] = ("West Bank and Gaza", null),
            ["Ivory Coast"] = ("Cote d'Ivoire", null),
            ["Bahamas, The"] = ("Bahamas", null),
            ["The Bahamas"] = ("Bahamas", null),
            ["Gambia, The"] = ("Gambia", null),
            ["The Gambia"] = ("Gambia", null),
            ["Republic of Ireland"] = ("Ireland", null),
            ["Vatican City"] = ("Holy See", null),
            ["Cape Verde"] = ("Cabo Verde", null),
            ["East Timor"] = ("Timor-Leste", null),
            ["Republic of the Congo"] = ("Congo (Brazzaville)", null),
            ["Congo"] = ("Congo (Brazzaville)", null),
            ["Saint Barthelemy"] = ("France", "Saint Barthelemy"),
            ["St. Martin"] = ("France", "St Martin"),
            ["Saint Martin"] = ("France", "St Martin"),
            ["Guadeloupe"] = ("France", "Guadeloupe"),
            ["Reunion"] = ("France", "Reunion"),
            ["Martinique"] = ("France", "Martinique"),
            ["French Guiana"] = ("France", "French Guiana"),
            ["Mayotte"] = ("France", "Mayotte"),
            ["Faroe Islands"] = ("Denmark", "Faroe Islands"),
            ["Greenland"] = ("Denmark", "Greenland"),
            ["Gibraltar"] = ("United Kingdom", "Gibraltar"),
            ["Guernsey"] = ("United Kingdom", "Channel Islands"),
            ["Jersey"] = ("United Kingdom", "Channel Islands"),
            ["Channel Islands"] = ("United Kingdom", "Channel Islands"),
            ["Cayman Islands"] = ("United Kingdom", "Cayman Islands"),
            ["Aruba"] = ("Netherlands", "Aruba"),
            ["Curacao"] = ("Netherlands", "Curacao"),
            ["Guam"] = ("US", "Guam"),
            ["Puerto Rico"] = ("US", "Puerto Rico"),
            // OWID spellings, for indicator files joined by name.
            ["United States"] = ("US", null),
            ["Myanmar"] = ("Burma", null),
            ["Democratic Republic of Congo"] = ("Congo (Kinshasa)", null),
            ["Timor"] = ("Timor-Leste", null),
            ["Vatican"] = ("Holy See", null),
            ["Macao"] = ("China", "Macau"),
            ["Faeroe Islands"] = ("Denmark", "Faroe Islands"),
            ["Sint Maarten (Dutch part)"] = ("Netherlands", "Sint Maarten"),
        }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly string[] ShipMarkers = ["Princess", "Zaandam", "Cruise Ship", "Others"];

    private readonly Dictionary<string, string> _countryIso = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string, string), string> _provinceIso = new(ProvinceComparer.Instance);
    private readonly Dictionary<string, string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, long> _population = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>ISO3 → display name (country, or territory name for territories with their own code).</summary>
    public IReadOnlyDictionary<string, string> Names => _names;

    /// <summary>ISO3 → population from the lookup table (fallback when the indicators lack it).</summary>
    public IReadOnlyDictionary<string, long> Population => _population;

    /// <summary>Loads JHU's <c>UID_ISO_FIPS_LookUp_Table.csv</c>.</summary>
    /// <exception cref="InputFileException">The file is missing or lacks the expected columns.</exception>
    public static LocationLookup Load(string path)
    {
        if (!File.Exists(path)) throw new InputFileException(path, null, "JHU lookup table not found (pass --lookup FILE)");
        var lookup = new LocationLookup();
        using var records = CsvRecordReader.Open(path).Records().GetEnumerator();
        if (!records.MoveNext()) throw new InputFileException(path, 1, "lookup table is empty");
        var header = records.Current.Fields.Select(h => h.Trim()).ToList();
        int Col(string name) => header.IndexOf(name) is >= 0 and var i ? i : throw new InputFileException(path, 1, $"lookup table has no column '{name}'");
        var (iso3, admin2, province, country, pop) = (Col("iso3"), Col("Admin2"), Col("Province_State"), Col("Country_Region"), Col("Population"));
        while (records.MoveNext())
        {
            var f = records.Current.Fields;
            if (f.Length <= pop || f[iso3].Trim().Length == 0 || f[admin2].Trim().Length > 0) continue;
            var code = f[iso3].Trim();
            var c = f[country].Trim();
            var p = f[province].Trim();
            if (p.Length == 0)
            {
                lookup._countryIso.TryAdd(c, code);
                lookup._names[code] = c;
                if (long.TryParse(f[pop], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) lookup._population[code] = n;
            }
            else
            {
                lookup._provinceIso.TryAdd((c, p), code);
                lookup._names.TryAdd(code, p);
                if (!lookup._population.ContainsKey(code) && long.TryParse(f[pop], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                    lookup._population[code] = n;
            }
        }
        return lookup;
    }

    /// <summary>Canonicalises a report row's country and province; ISO3 is null for ships and unknown places.</summary>
    public CanonicalLocation Resolve(string countryRegion, string? provinceState)
    {
        var country = countryRegion.Trim();
        var province = string.IsNullOrWhiteSpace(provinceState) ? null : provinceState.Trim();
        if (IsShip(country) || (province is not null && IsShip(province)))
            return new CanonicalLocation(country, province, null, LocationType.Ship);
        if (Aliases.TryGetValue(country, out var alias))
        {
            country = alias.Country;
            province = alias.Province ?? province;
        }
        string? iso = null;
        if (province is not null) _provinceIso.TryGetValue((country, province), out iso);
        if (iso is null) _countryIso.TryGetValue(country, out iso);
        return new CanonicalLocation(country, province, iso, LocationType.Country);
    }

    /// <summary>Name → ISO3 for a country name (canonicalised first), e.g. for indicator files without <c>iso_code</c>.</summary>
    public string? IsoOfCountryName(string name)
    {
        var loc = Resolve(name, null);
        if (loc.Iso3 is not null) return loc.Iso3;
        return _names.FirstOrDefault(kv => kv.Value.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase)).Key;
    }

    private static bool IsShip(string name) => ShipMarkers.Any(m => name.Contains(m, StringComparison.OrdinalIgnoreCase));

    private sealed class ProvinceComparer : IEqualityComparer<(string, string)>
    {
        public static readonly ProvinceComparer Instance = new();
        public bool Equals((string, string) x, (string, string) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Item1, y.Item1) && StringComparer.OrdinalIgnoreCase.Equals(x.Item2, y.Item2);
        public int GetHashCode((string, string) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Item1), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Item2));
    }
}
