using System.Collections.Frozen;

namespace CovidSpark.Jobs.Etl.Raw;

/// <summary>The normalised fields of a JHU CSSE daily report, whatever the file's header era calls them.</summary>
internal enum ReportField
{
    Fips, Admin2, ProvinceState, CountryRegion, LastUpdate, Lat, Long, Confirmed, Deaths, Recovered, Active,
    CombinedKey, IncidentRate, CaseFatalityRatio,
}

/// <summary>
/// Maps a daily report's header to <see cref="ReportField"/>s by column name (never by position), and names the
/// header era: <c>v1</c> (2020-01-22 original), <c>v2</c> (+Latitude/Longitude, from 03-01), <c>v3</c> (FIPS/Admin2, from 03-22),
/// <c>v4</c> (+Incidence_Rate, Case-Fatality_Ratio, from 05-29), <c>v5</c> (Incident_Rate, Case_Fatality_Ratio, from 11-09).
/// A header never seen before is mapped where its names allow (<c>custom</c>) and its unknown columns are reported.
/// </summary>
internal sealed record HeaderLayout(string SchemaVersion, IReadOnlyDictionary<ReportField, int> Positions, IReadOnlyList<string> UnknownColumns, int Width)
{
    private static readonly int FieldCount = Enum.GetValues<ReportField>().Length;

    /// <summary>Column index per <see cref="ReportField"/> (−1 when the file lacks it): the per-row lookups are array reads.</summary>
    private readonly int[] _index = IndexOf(Positions);

    /// <summary>The largest column index a mapped field uses; a shorter row was cut short.</summary>
    public int MaxPosition { get; } = Positions.Count == 0 ? -1 : Positions.Values.Max();

    private static readonly FrozenDictionary<string, ReportField> Names = new Dictionary<string, ReportField>
    {
        ["fips"] = ReportField.Fips,
        ["admin2"] = ReportField.Admin2,
        ["province_state"] = ReportField.ProvinceState,
        ["country_region"] = ReportField.CountryRegion,
        ["last_update"] = ReportField.LastUpdate,
        ["lat"] = ReportField.Lat,
        ["latitude"] = ReportField.Lat,
        ["long_"] = ReportField.Long,
        ["long"] = ReportField.Long,
        ["longitude"] = ReportField.Long,
        ["confirmed"] = ReportField.Confirmed,
        ["deaths"] = ReportField.Deaths,
        ["recovered"] = ReportField.Recovered,
        ["active"] = ReportField.Active,
        ["combined_key"] = ReportField.CombinedKey,
        ["incidence_rate"] = ReportField.IncidentRate,
        ["incident_rate"] = ReportField.IncidentRate,
        ["case_fatality_ratio"] = ReportField.CaseFatalityRatio,
    }.ToFrozenDictionary();

    private static readonly (string Version, string Header)[] KnownLayouts =
    [
        ("v1", "Province/State,Country/Region,Last Update,Confirmed,Deaths,Recovered"),
        ("v2", "Province/State,Country/Region,Last Update,Confirmed,Deaths,Recovered,Latitude,Longitude"),
        ("v3", "FIPS,Admin2,Province_State,Country_Region,Last_Update,Lat,Long_,Confirmed,Deaths,Recovered,Active,Combined_Key"),
        ("v4", "FIPS,Admin2,Province_State,Country_Region,Last_Update,Lat,Long_,Confirmed,Deaths,Recovered,Active,Combined_Key,Incidence_Rate,Case-Fatality_Ratio"),
        ("v5", "FIPS,Admin2,Province_State,Country_Region,Last_Update,Lat,Long_,Confirmed,Deaths,Recovered,Active,Combined_Key,Incident_Rate,Case_Fatality_Ratio"),
    ];

    /// <summary>True when the name is one of the known report column names (checked without allocating: it runs on every row).</summary>
    public static bool IsKnownName(string name) => TryGetField(name, out _);

    /// <summary>
    /// The field a column name stands for, compared lower case with <c>/</c>, <c>-</c> and spaces as <c>_</c>
    /// (<c>Country/Region</c> → <c>country_region</c>), without allocating.
    /// </summary>
    private static bool TryGetField(string name, out ReportField field)
    {
        field = default;
        var text = name.AsSpan().Trim().Trim('\uFEFF').Trim();
        // The longest known name is 19 characters; anything longer is data, not a header.
        if (text.Length is 0 or > 24) return false;
        Span<char> buffer = stackalloc char[text.Length];
        for (var i = 0; i < text.Length; i++)
            buffer[i] = text[i] is '/' or '-' or ' ' ? '_' : char.ToLowerInvariant(text[i]);
        return NameLookup.TryGetValue(buffer, out field);
    }

    private static readonly FrozenDictionary<string, ReportField>.AlternateLookup<ReadOnlySpan<char>> NameLookup =
        Names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Maps a header; null when it lacks Country/Region or Confirmed (not a daily report).</summary>
    public static HeaderLayout? TryMap(string[] header)
    {
        var positions = new Dictionary<ReportField, int>();
        var unknown = new List<string>();
        for (var i = 0; i < header.Length; i++)
        {
            if (TryGetField(header[i], out var f)) positions.TryAdd(f, i);
            else if (header[i].Trim().Length > 0) unknown.Add(header[i].Trim());
        }
        if (!positions.ContainsKey(ReportField.CountryRegion) || !positions.ContainsKey(ReportField.Confirmed)) return null;
        var joined = string.Join(",", header.Select(h => h.Trim().Trim('\uFEFF')));
        var version = KnownLayouts.FirstOrDefault(k => k.Header == joined).Version ?? "custom";
        return new HeaderLayout(version, positions, unknown, header.Length)
        {
            Problem = version == "custom" ? Describe(header.Select(h => TryGetField(h, out var f) ? f : (ReportField?)null).ToList(), unknown) : null,
        };
    }

    /// <summary>
    /// Why the header is none of JHU's layouts (a known column missing, a name never seen, another order); null for a known
    /// layout. Loading by name still takes what the names allow, but a file with such a header loads PARTIAL: a misspelt
    /// <c>Deaths</c> would otherwise be a column of NULLs, and swapped names swapped figures, with nothing said.
    /// </summary>
    public string? Problem { get; private init; }

    private static string Describe(List<ReportField?> fields, List<string> unknown)
    {
        var present = fields.OfType<ReportField>().ToHashSet();
        // The closest known layout: the one sharing the most fields, then the one with the fewest fields missing.
        var closest = KnownLayouts
            .Select(k => (k.Version, Fields: k.Header.Split(',').Select(n => TryGetField(n, out var f) ? f : default).ToList()))
            .OrderByDescending(k => k.Fields.Count(present.Contains)).ThenBy(k => k.Fields.Count(f => !present.Contains(f))).First();
        var parts = new List<string>();
        var missing = closest.Fields.Where(f => !present.Contains(f)).ToList();
        if (missing.Count > 0) parts.Add("missing " + string.Join(", ", missing));
        if (unknown.Count > 0) parts.Add("unknown " + string.Join(", ", unknown));
        if (parts.Count == 0)
        {
            var order = fields.OfType<ReportField>().Where(closest.Fields.Contains).ToList();
            var expected = closest.Fields.Where(present.Contains).ToList();
            parts.Add(order.SequenceEqual(expected) ? "names spelt differently" : "columns in another order: " + string.Join(", ", order.Where((f, i) => f != expected[i])));
        }
        return $"header is not a known JHU layout (closest {closest.Version}): {string.Join("; ", parts)}";
    }

    public string? Get(string[] fields, ReportField field) =>
        _index[(int)field] is var i and >= 0 && i < fields.Length ? fields[i].Trim() : null;

    private static int[] IndexOf(IReadOnlyDictionary<ReportField, int> positions)
    {
        var index = new int[FieldCount];
        Array.Fill(index, -1);
        foreach (var (field, position) in positions) index[(int)field] = position;
        return index;
    }
}
