using System.Globalization;
using System.Text;
using CovidSpark.Jobs.Etl.Raw;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Jobs.Etl;

/// <summary>
/// Writes the driver's normalised rows as typed CSV that every engine reads with an explicit schema
/// (<see cref="RegionSchema"/>, <see cref="CountrySchema"/>): the hand-off from the driver-side parser to the engine.
/// </summary>
internal static class StagingWriter
{
    public const string RegionSchema =
        "report_date date, fips string, admin2 string, province_state string, country_region string, country string, iso3 string, " +
        "location_type string, last_update timestamp, lat double, long double, confirmed bigint, deaths bigint, recovered bigint, " +
        "active bigint, combined_key string, incident_rate double, case_fatality_ratio double, source_file string, source_line int, schema_version string";

    public const string CountrySchema =
        "iso3 string, country string, continent string, population bigint, population_density double, gdp_per_capita double, " +
        "human_development_index double, median_age double, aged_65_older double, life_expectancy double, hospital_beds_per_thousand double, has_indicators boolean";

    public static void WriteRegions(string path, IEnumerable<RegionRecord> rows)
    {
        using var file = OpenRegions(path);
        file.Append(rows);
    }

    /// <summary>Opens the regions staging file for appending file by file, so a year of reports never sits in memory at once.</summary>
    public static RegionStagingFile OpenRegions(string path)
    {
        var w = Open(path);
        w.Write(Header(RegionSchema));
        return new RegionStagingFile(w);
    }

    /// <summary>The regions staging CSV being written.</summary>
    internal sealed class RegionStagingFile(StreamWriter w) : IDisposable
    {
        // Formatted field by field without boxing: this runs for every row of every report (a year is over a million rows).
        private readonly char[] _buffer = new char[64];
        private DateOnly _date;
        private string _dateText = "";
        private DateTime? _lastUpdate;
        private string _lastUpdateText = "";

        public void Append(IEnumerable<RegionRecord> rows)
        {
            foreach (var r in rows)
            {
                if (r.ReportDate != _date || _dateText.Length == 0)
                    (_date, _dateText) = (r.ReportDate, IsoDate.Format(r.ReportDate));
                w.Write(_dateText);
                Text(r.Fips); Text(r.Admin2); Text(r.ProvinceState); Text(r.CountryRegion); Text(r.Country); Text(r.Iso3);
                Text(r.LocationType == LocationType.Ship ? "ship" : "country");
                w.Write(',');
                if (r.LastUpdate is { } t)
                {
                    if (t != _lastUpdate) (_lastUpdate, _lastUpdateText) = (t, t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                    w.Write(_lastUpdateText);
                }
                Number(r.Lat); Number(r.Long); Number(r.Confirmed); Number(r.Deaths); Number(r.Recovered); Number(r.Active);
                Text(r.CombinedKey); Number(r.IncidentRate); Number(r.CaseFatalityRatio); Text(r.SourceFile); Number((long)r.SourceLine);
                Text(r.SchemaVersion);
                w.Write('\n');
            }
        }

        private void Text(string? s)
        {
            w.Write(',');
            if (s is not null) WriteQuoted(w, s);
        }

        private void Number(double? d)
        {
            w.Write(',');
            // "R"-style shortest round-trip text, as double.ToString gives, but into a reused buffer.
            if (d is { } v && v.TryFormat(_buffer, out var n, default, CultureInfo.InvariantCulture)) w.Write(_buffer, 0, n);
        }

        private void Number(long? l)
        {
            w.Write(',');
            if (l is { } v && v.TryFormat(_buffer, out var n, default, CultureInfo.InvariantCulture)) w.Write(_buffer, 0, n);
        }

        public void Dispose() => w.Dispose();
    }

    public static void WriteCountries(string path, IEnumerable<CountryIndicators> rows)
    {
        using var w = Open(path);
        w.Write(Header(CountrySchema));
        foreach (var c in rows)
            Line(w, c.Iso3, c.Country, c.Continent, c.Population, c.PopulationDensity, c.GdpPerCapita, c.HumanDevelopmentIndex,
                c.MedianAge, c.Aged65Older, c.LifeExpectancy, c.HospitalBedsPerThousand, c.HasIndicators);
    }

    /// <summary>
    /// Quarantined rows: file, line, reason, the raw text and, beside it, the line's original bytes in base64 (the text cannot
    /// carry bytes that are not UTF-8), so nothing is lost. The indicators' quarantine records are staged in these columns.
    /// Returns at least the bytes of the longest record (what the engine's CSV reader must allow for one value).
    /// </summary>
    public static long WriteQuarantine(string path, IEnumerable<QuarantineRecord> rows)
    {
        using var w = Open(path);
        w.Write(Header(QuarantineTable.RecordColumns));
        long longest = 0;
        foreach (var q in rows)
        {
            QuarantineLine(w, q);
            longest = Math.Max(longest, RecordBytes(q));
        }
        return longest;
    }

    /// <summary>
    /// At least the bytes one staged record takes: text is quoted with its quotes doubled (at most twice its bytes), plus the
    /// separators and the base64 of the raw line.
    /// </summary>
    private static long RecordBytes(QuarantineRecord q) =>
        64 + 2L * (Encoding.UTF8.GetByteCount(q.SourceFile) + Encoding.UTF8.GetByteCount(q.Reason) + Encoding.UTF8.GetByteCount(q.RawText))
        + (q.RawBytes is null ? 0 : (q.RawBytes.Length + 2) / 3 * 4);

    /// <summary>Opens the staging file of the daily reports' quarantine records (<see cref="QuarantineTable.StagingSchema"/>), appended report by report.</summary>
    public static QuarantineStagingFile OpenQuarantine(string path)
    {
        var w = Open(path);
        w.Write(Header(QuarantineTable.StagingSchema));
        return new QuarantineStagingFile(w);
    }

    /// <summary>The quarantine staging CSV being written: the report date, then the record's columns.</summary>
    internal sealed class QuarantineStagingFile(StreamWriter w) : IDisposable
    {
        /// <summary>
        /// At least the bytes of the longest record written (a record is at most a 64 KiB text and the base64 of its line, but
        /// a line may be megabytes long): what the engine's CSV reader must allow for one value.
        /// </summary>
        public long LongestRecord { get; private set; }

        public void Append(DateOnly reportDate, IEnumerable<QuarantineRecord> rows)
        {
            foreach (var q in rows)
            {
                w.Write(IsoDate.Format(reportDate));
                w.Write(',');
                QuarantineLine(w, q);
                LongestRecord = Math.Max(LongestRecord, RecordBytes(q));
            }
        }

        /// <summary>
        /// Appends the records of an earlier version's per-date quarantine CSV (written by <see cref="WriteQuarantine"/>: the
        /// same columns, text always quoted) exactly as they are, each behind the date; returns how many. A record ends at a
        /// line break outside quotes, so a raw line with a quoted line break stays one record.
        /// </summary>
        public long AppendCsv(DateOnly reportDate, string legacyCsv)
        {
            var text = File.ReadAllText(legacyCsv, new UTF8Encoding(false));
            var date = IsoDate.Format(reportDate) + ",";
            var header = text.IndexOf('\n', StringComparison.Ordinal);
            long records = 0;
            var start = true;
            var quoted = false;
            long length = 0;
            for (var i = header < 0 ? text.Length : header + 1; i < text.Length; i++)
            {
                var c = text[i];
                if (start) { w.Write(date); start = false; length = date.Length; }
                if (c == '"') quoted = !quoted;
                w.Write(c);
                length += 3; // a char is at most three UTF-8 bytes (a surrogate pair, four, is two chars)
                if (c == '\n' && !quoted) { records++; start = true; LongestRecord = Math.Max(LongestRecord, length); }
            }
            if (!start) { w.Write('\n'); records++; LongestRecord = Math.Max(LongestRecord, length); }
            return records;
        }

        public void Dispose() => w.Dispose();
    }

    private static void QuarantineLine(StreamWriter w, QuarantineRecord q) =>
        Line(w, q.SourceFile, q.Line, q.Reason, q.RawText, q.RawBytes is null ? null : Convert.ToBase64String(q.RawBytes));

    private static StreamWriter Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
    }

    private static string Header(string schema) =>
        string.Join(",", schema.Split(',').Select(p => p.Trim().Split(' ')[0])) + "\n";

    private static void Line(StreamWriter w, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0) w.Write(',');
            switch (values[i])
            {
                case null: break;
                case string s: WriteQuoted(w, s); break;
                case DateOnly d: w.Write(IsoDate.Format(d)); break;
                case DateTime t: w.Write(t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)); break;
                case double d: w.Write(d.ToString(CultureInfo.InvariantCulture)); break; // shortest text that round-trips
                case bool b: w.Write(b ? "true" : "false"); break;
                case IFormattable f: w.Write(f.ToString(null, CultureInfo.InvariantCulture)); break;
                case var v: WriteQuoted(w, v.ToString() ?? ""); break;
            }
        }
        w.Write('\n');
    }

    /// <summary>Always quotes text (doubling inner quotes) so an empty string stays distinct from a missing value.</summary>
    private static void WriteQuoted(TextWriter w, string s)
    {
        w.Write('"');
        w.Write(s.Contains('"', StringComparison.Ordinal) ? s.Replace("\"", "\"\"", StringComparison.Ordinal) : s);
        w.Write('"');
    }
}
