using System.Globalization;

namespace CovidSpark.Jobs.Etl.Raw;

/// <summary>
/// Reads one JHU CSSE daily report (<c>MM-DD-YYYY.csv</c>) of any header era into normalised rows.
/// Rows that cannot be parsed are quarantined with file, line and reason; a file that is not a daily report at all
/// (no Country/Region or Confirmed column, or merge-conflict markers) is quarantined whole. Nothing is dropped silently:
/// every input line ends up as a row, a skipped repeated header, or a quarantine record.
/// </summary>
internal sealed class DailyReportReader(LocationLookup locations)
{
    // A report repeats a handful of timestamps and places thousands of times: parse and resolve each once.
    private readonly Dictionary<string, DateTime?> _timestamps = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string?), CanonicalLocation> _places = new();

    /// <summary>Parses <c>MM-DD-YYYY</c> from a daily report's file name.</summary>
    public static bool TryParseReportDate(string path, out DateOnly date) =>
        DateOnly.TryParseExact(Path.GetFileNameWithoutExtension(path), "MM-dd-yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public ReportReadResult Read(string path)
    {
        var file = Path.GetFileName(path);
        if (!TryParseReportDate(path, out var date))
            throw new InputFileException(path, null, "file name is not a daily report date (MM-DD-YYYY.csv)");
        var records = CsvRecordReader.Open(path).Records().ToList();
        ReportReadResult WholeFile(string reason, string schema = "unknown") => new(file, date, schema, [],
            [new QuarantineRecord(file, 0, reason, "")], Math.Max(0, records.Count - 1), 0, [], FileQuarantined: true);

        var conflict = records.FirstOrDefault(r => r.Fields.Length >= 1 && IsConflictMarker(r.RawText));
        if (conflict.Fields is not null)
            return WholeFile($"merge conflict marker at line {conflict.Line}: not a daily report");
        if (records.Count == 0) return WholeFile("file is empty");
        var layout = HeaderLayout.TryMap(records[0].Fields);
        if (layout is null)
            return WholeFile($"header has no Country/Region or Confirmed column: '{Truncate(records[0].RawText)}'");

        var rows = new List<RegionRecord>();
        var quarantined = new List<QuarantineRecord>();
        var seen = new HashSet<LocationKey>(LocationKey.IgnoreCase);
        var headerRows = 0;
        foreach (var rec in records.Skip(1))
        {
            if (rec.Fields.All(f => f.Trim().Length == 0)) continue;
            if (IsRepeatedHeader(rec.Fields, layout)) { headerRows++; continue; }
            var error = TryParse(rec, layout, date, file, out var row);
            if (error is not null) { quarantined.Add(new QuarantineRecord(file, rec.Line, error, rec.RawText)); continue; }
            if (!seen.Add(new LocationKey(row!.Country, row.ProvinceState, row.Admin2, row.CombinedKey)))
            {
                quarantined.Add(new QuarantineRecord(file, rec.Line, $"duplicate location '{row.CombinedKey}' in the same report", rec.RawText));
                continue;
            }
            rows.Add(row);
        }
        return new ReportReadResult(file, date, layout.SchemaVersion, rows, quarantined, records.Count - 1, headerRows, layout.UnknownColumns, false);
    }

    private string? TryParse(CsvRecord rec, HeaderLayout layout, DateOnly date, string file, out RegionRecord? row)
    {
        row = null;
        var f = rec.Fields;
        if (f.Length > layout.Width && f.Skip(layout.Width).Any(x => x.Trim().Length > 0))
            return $"row has {f.Length} fields but the header has {layout.Width}";
        // A row cut short (a truncated download) would load with its last numbers missing or cut: quarantine it instead.
        if (f.Length <= layout.MaxPosition)
            return $"row has {f.Length} fields but the header has {layout.Width} (cut short?)";
        var countryRaw = layout.Get(f, ReportField.CountryRegion);
        if (string.IsNullOrWhiteSpace(countryRaw)) return "Country/Region is empty";
        var province = Blank(layout.Get(f, ReportField.ProvinceState));
        var admin2 = Blank(layout.Get(f, ReportField.Admin2));
        string? err = null;
        long? Count(ReportField field)
        {
            var text = layout.Get(f, field);
            if (string.IsNullOrWhiteSpace(text)) return null;
            // JHU reconciles totals with negative counts in "Unknown" rows: they are data, kept and counted, not errors.
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 1e12)
                return (long)d;
            err ??= $"{field} is not a whole number: '{text}'";
            return null;
        }
        double? Number(ReportField field)
        {
            var text = layout.Get(f, field);
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
            err ??= $"{field} is not a number: '{text}'";
            return null;
        }
        var confirmed = Count(ReportField.Confirmed);
        var deaths = Count(ReportField.Deaths);
        var recovered = Count(ReportField.Recovered);
        var active = Count(ReportField.Active);
        var lat = Number(ReportField.Lat);
        var lon = Number(ReportField.Long);
        var incident = Number(ReportField.IncidentRate);
        var cfr = Number(ReportField.CaseFatalityRatio);
        DateTime? lastUpdate = null;
        var lu = layout.Get(f, ReportField.LastUpdate);
        if (!string.IsNullOrWhiteSpace(lu))
        {
            if (!_timestamps.TryGetValue(lu, out lastUpdate))
                _timestamps[lu] = lastUpdate = LastUpdateParser.TryParse(lu, out var t) ? t : null;
            if (lastUpdate is null) err ??= $"Last_Update is not a known date format: '{lu}'";
        }
        if (err is not null) return err;
        if (!_places.TryGetValue((countryRaw, province), out var loc))
            _places[(countryRaw, province)] = loc = locations.Resolve(countryRaw, province);
        var combined = Blank(layout.Get(f, ReportField.CombinedKey))
            ?? string.Join(", ", new[] { admin2, province, countryRaw.Trim() }.Where(s => s is not null));
        row = new RegionRecord(date, Blank(layout.Get(f, ReportField.Fips)), admin2, province, countryRaw.Trim(), loc.Country, loc.Iso3,
            loc.Type, lastUpdate, lat, lon, confirmed, deaths, recovered, active, combined, incident, cfr, file, rec.Line, layout.SchemaVersion);
        return null;
    }

    /// <summary>What makes a row's location unique within one report (compared ignoring case, as JHU's spellings vary).</summary>
    private readonly record struct LocationKey(string Country, string? Province, string? Admin2, string CombinedKey)
    {
        public static readonly IEqualityComparer<LocationKey> IgnoreCase = new Comparer();

        private sealed class Comparer : IEqualityComparer<LocationKey>
        {
            private static readonly StringComparer Text = StringComparer.OrdinalIgnoreCase;

            public bool Equals(LocationKey x, LocationKey y) =>
                Text.Equals(x.Country, y.Country) && Text.Equals(x.Province, y.Province) && Text.Equals(x.Admin2, y.Admin2)
                && Text.Equals(x.CombinedKey, y.CombinedKey);

            public int GetHashCode(LocationKey k) => HashCode.Combine(
                Text.GetHashCode(k.Country), k.Province is null ? 0 : Text.GetHashCode(k.Province),
                k.Admin2 is null ? 0 : Text.GetHashCode(k.Admin2), Text.GetHashCode(k.CombinedKey));
        }
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>A header row repeated inside the file (e.g. <c>,,Province_State,Country_Region,...</c>).</summary>
    private static bool IsRepeatedHeader(string[] fields, HeaderLayout layout) =>
        layout.Get(fields, ReportField.CountryRegion) is { } country && HeaderLayout.IsKnownName(country)
        && fields.Count(x => x.Trim().Length > 0 && HeaderLayout.IsKnownName(x)) >= 2;

    private static bool IsConflictMarker(string line) =>
        line.StartsWith("<<<<<<<", StringComparison.Ordinal) || line.StartsWith(">>>>>>>", StringComparison.Ordinal) || line.TrimEnd() == "=======";

    private static string Truncate(string s) => s.Length > 80 ? s[..80] + "..." : s;
}
