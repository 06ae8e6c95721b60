using System.Globalization;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Jobs.Etl.Raw;

/// <summary>
/// Reads one JHU CSSE daily report (<c>MM-DD-YYYY.csv</c>) of any header era into normalised rows.
/// Rows that cannot be parsed are quarantined with file, line and reason; a file that is not a daily report at all
/// (no Country/Region or Confirmed column, merge-conflict markers, a header and no rows) is quarantined whole. Nothing is
/// dropped silently: every input record ends up as a row, a counted skip (a blank line, a repeated header) or a quarantine
/// record, which keeps the line's original bytes. Rows wider than the header (an unquoted thousands separator shifts every column
/// after it), counts above the world's population, coordinates off the globe, cut-off last lines, broken quotes, NUL and bytes
/// that are not UTF-8 are quarantined; deaths above confirmed (JHU's "Unassigned" rows have them) are counted.
/// </summary>
internal sealed class DailyReportReader(LocationLookup locations)
{
    // A report repeats a handful of timestamps and places thousands of times: parse and resolve each once.
    private readonly Dictionary<string, DateTime?> _timestamps = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string?), CanonicalLocation> _places = new();

    /// <summary>Parses <c>MM-DD-YYYY</c> from a daily report's file name.</summary>
    public static bool TryParseReportDate(string path, out DateOnly date) =>
        DateOnly.TryParseExact(Path.GetFileNameWithoutExtension(path), "MM-dd-yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>The longest record a report may have; a longer one (a field of megabytes) is quarantined, never handed to the engine.</summary>
    public const int MaxRecordChars = 64 * 1024;

    /// <summary>No count of people can exceed the world's population; a larger one is a corrupted value.</summary>
    public const long MaxCount = 8_100_000_000;

    public ReportReadResult Read(string path)
    {
        var file = Path.GetFileName(path);
        if (!TryParseReportDate(path, out var date))
            throw new InputFileException(path, null, "file name is not a daily report date (MM-DD-YYYY.csv)");
        var reader = CsvRecordReader.Open(path);
        var records = reader.Records().ToList();
        ReportReadResult WholeFile(string reason, string schema = "unknown") => new(file, date, schema, [],
            [new QuarantineRecord(file, 0, reason, "")], Math.Max(0, records.Count - 1), 0, [], FileQuarantined: true);

        var conflict = records.FirstOrDefault(r => r.Fields.Length >= 1 && IsConflictMarker(r.RawText));
        if (conflict.Fields is not null)
            return WholeFile($"merge conflict marker at line {conflict.Line}: not a daily report");
        if (records.Count == 0) return WholeFile("file is empty: nothing to load for " + IsoDate.Format(date));
        var layout = HeaderLayout.TryMap(records[0].Fields);
        if (layout is null)
            return WholeFile($"header has no Country/Region or Confirmed column: '{Truncate(records[0].RawText)}'");
        if (records.Skip(1).All(IsBlank))
            return WholeFile($"the file has a header and no data rows: nothing to load for {IsoDate.Format(date)}", layout.SchemaVersion);

        var rows = new List<RegionRecord>();
        var quarantined = new List<QuarantineRecord>();
        var seen = new HashSet<LocationKey>(LocationKey.IgnoreCase);
        var (headerRows, blankLines, deathsAboveConfirmed) = (0, 0, 0);
        var padding = PaddedWidth(records, layout);
        QuarantineRecord Quarantine(CsvRecord rec, string reason) =>
            new(file, rec.Line, reason, rec.Length > MaxRecordChars ? rec.Source.Substring(rec.Start, MaxRecordChars) : rec.RawText, reader.RawBytes(rec));
        for (var i = 1; i < records.Count; i++)
        {
            var rec = records[i];
            if (IsBlank(rec) && rec.Flags == CsvRecordFlags.None) { blankLines++; continue; }
            if (IsRepeatedHeader(rec.Fields, layout)) { headerRows++; continue; }
            RegionRecord? row = null;
            var error = Problem(rec) ?? TryParse(rec, layout, padding, date, file, out row) ?? CutOff(rec, i == records.Count - 1);
            if (error is not null) { quarantined.Add(Quarantine(rec, error)); continue; }
            if (!seen.Add(new LocationKey(row!.Country, row.ProvinceState, row.Admin2, row.CombinedKey)))
            {
                quarantined.Add(Quarantine(rec, $"duplicate location '{row.CombinedKey}' in the same report"));
                continue;
            }
            if (row.Deaths > row.Confirmed && row.Deaths > 0) deathsAboveConfirmed++;
            rows.Add(row);
        }
        return new ReportReadResult(file, date, layout.SchemaVersion, rows, quarantined, records.Count - 1, headerRows, layout.UnknownColumns, false)
        {
            BlankLinesSkipped = blankLines,
            HeaderProblem = layout.Problem,
            RowsWithDeathsAboveConfirmed = deathsAboveConfirmed,
        };
    }

    /// <summary>What is wrong with a record's text, before its fields are looked at; null when nothing is.</summary>
    private static string? Problem(CsvRecord rec)
    {
        if (rec.Length > MaxRecordChars)
            return $"line is {rec.Length:N0} characters long, over the {MaxRecordChars:N0} a report line may have";
        if (rec.Flags.HasFlag(CsvRecordFlags.BrokenQuote))
            return "a quote opens a field that does not close on this line (the line is split at every comma; the lines after it are read on their own)";
        if (rec.Flags.HasFlag(CsvRecordFlags.InvalidText))
            return "the line holds a NUL character or bytes that are not UTF-8 (its original bytes are in raw_base64)";
        return null;
    }

    /// <summary>
    /// JHU's files end with a line ending, or (02-04-2020) with an empty last field: a last line that ends in a value without one
    /// may have been cut inside that value (101 → 10), so it is quarantined rather than loaded.
    /// </summary>
    private static string? CutOff(CsvRecord rec, bool last) =>
        last && rec.Flags.HasFlag(CsvRecordFlags.Unterminated) && rec.Fields[^1].Trim().Length > 0
            ? "last line has no line ending and ends in a value: the file may have been cut short there"
            : null;

    /// <summary>
    /// The width every data row of the file has when a writer padded them all with the same empty fields past the header:
    /// provably padding, since no row is shifted against another. -1 otherwise; then a row wider than the header is quarantined.
    /// </summary>
    private static int PaddedWidth(List<CsvRecord> records, HeaderLayout layout)
    {
        var widths = records.Skip(1).Where(r => !IsBlank(r)).Select(r => r.Fields.Length).Distinct().ToList();
        return widths is [var w] && w > layout.Width
            && records.Skip(1).All(r => r.Fields.Skip(layout.Width).All(x => x.Trim().Length == 0)) ? w : -1;
    }

    private static bool IsBlank(CsvRecord r) => r.Fields.All(f => f.Trim().Length == 0);

    private string? TryParse(CsvRecord rec, HeaderLayout layout, int paddedWidth, DateOnly date, string file, out RegionRecord? row)
    {
        row = null;
        var f = rec.Fields;
        if (f.Length > layout.Width && f.Length != paddedWidth)
            return $"row has {f.Length} fields but the header has {layout.Width}: an unquoted comma in a value (such as 1,234) shifts the columns after it";
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
            {
                if (Math.Abs(d) <= MaxCount) return (long)d;
                err ??= $"{field} {d:N0} is more than the world's population";
                return null;
            }
            err ??= $"{field} is not a whole number: '{Truncate(text)}'";
            return null;
        }
        double? Number(ReportField field)
        {
            var text = layout.Get(f, field);
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
            err ??= $"{field} is not a number: '{Truncate(text)}'";
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
        if (lat is { } la && Math.Abs(la) > 90) err ??= $"latitude {la} is outside -90..90";
        if (lon is { } lo && Math.Abs(lo) > 180) err ??= $"longitude {lo} is outside -180..180";
        DateTime? lastUpdate = null;
        var lu = layout.Get(f, ReportField.LastUpdate);
        if (!string.IsNullOrWhiteSpace(lu))
        {
            if (!_timestamps.TryGetValue(lu, out lastUpdate))
                _timestamps[lu] = lastUpdate = LastUpdateParser.TryParse(lu, out var t) ? t : null;
            if (lastUpdate is null) err ??= $"Last_Update is not a known date format: '{Truncate(lu)}'";
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
