using System.Globalization;
using CovidSpark.Jobs.Etl.Raw;
using CovidSpark.Jobs.Pipeline;
using CovidSpark.Jobs.Storage;
using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Sql;

namespace CovidSpark.Jobs.Etl;

/// <summary>What <see cref="QuarantineTable.ConvertCsvFilesAsync"/> converted.</summary>
/// <param name="Files">Per-date CSV files read (and removed once committed).</param>
/// <param name="Records">Quarantine records now in the table for their dates.</param>
/// <param name="Dates">The report dates converted.</param>
public sealed record QuarantineConversion(int Files, long Records, IReadOnlyList<DateOnly> Dates);

/// <summary>
/// The daily reports' quarantine records as a Delta table, <c>&lt;lake&gt;/quarantine/daily_reports</c>, partitioned by
/// <c>report_date</c> like the trusted tables: one row per input record that could not be loaded, with its file
/// (<c>source_file</c>), <c>line</c> (0 for a file quarantined whole), <c>reason</c>, the <c>raw</c> text (the first 64 KiB of
/// an over-long line) and the line's original bytes in base64 (<c>raw_base64</c>: text cannot carry bytes that are not
/// UTF-8). The ETL writes a run's records in ONE commit at the end of staging that replaces its report dates' partitions
/// (<see cref="DeltaWriterOptions.ReplaceWhere"/>), so a re-run of a date clears its old records even when it has none now.
/// </summary>
public static class QuarantineTable
{
    /// <summary>The name <c>lake query</c>, <c>lake show</c> and <c>lake history</c> know the table by.</summary>
    public const string QueryName = "quarantine";

    /// <summary>The name <c>lake query</c>, <c>lake show</c> and <c>lake history</c> know the indicators' rejected rows by.</summary>
    public const string IndicatorsQueryName = "quarantine_indicators";

    /// <summary>The file name of an earlier version's per-date quarantine CSV (<c>report_date=…/quarantine.csv</c>).</summary>
    public const string LegacyCsvName = "quarantine.csv";

    /// <summary>The columns of a quarantine record (also the header of the indicators' quarantine CSV).</summary>
    internal const string RecordColumns = "source_file string, line int, reason string, raw string, raw_base64 string";

    /// <summary>The staging CSV the engine reads the records from: the report date, then the record.</summary>
    internal const string StagingSchema = "report_date date, " + RecordColumns;

    /// <summary>
    /// The staged records: a raw line may hold a quoted line break (so the CSV is read multi-line) and be megabytes long (so
    /// the reader is told the longest record the staging file holds, <paramref name="longestRecord"/> bytes).
    /// </summary>
    internal static DataFrame ReadStaging(SparkSession spark, string csv, long longestRecord) => ReadCsv(spark, csv, longestRecord, StagingSchema);

    /// <summary>Records staged without a report date (the indicators' rejected rows), read as <see cref="ReadStaging"/> reads.</summary>
    internal static DataFrame ReadRecords(SparkSession spark, string csv, long longestRecord) => ReadCsv(spark, csv, longestRecord, RecordColumns);

    private static DataFrame ReadCsv(SparkSession spark, string csv, long longestRecord, string schema) =>
        spark.Read().Option("header", "true").Option("multiLine", "true")
            .Option("maxCharsPerColumn", Math.Max(longestRecord, DailyReportReader.MaxRecordChars).ToString(CultureInfo.InvariantCulture)).Schema(schema).Csv(csv);

    /// <summary>One commit replacing the indicators' quarantine table whole (with no rows: the table is emptied).</summary>
    internal static Task<long?> WriteIndicatorsAsync(DataFrame records, LakeLayout lake, CancellationToken ct) =>
        LakeTable.Write(records.OrderBy("line"), lake).Mode(SaveMode.Overwrite).SaveAsync(lake.QuarantineIndicators, ct);

    /// <summary>One commit: the records, replacing every partition of <paramref name="dates"/> (those without a record become empty).</summary>
    internal static Task<long?> WriteAsync(DataFrame records, LakeLayout lake, IReadOnlyCollection<DateOnly> dates, CancellationToken ct) =>
        LakeTable.Write(records.OrderBy(LakeTable.ReportDate, "source_file", "line"), lake).Mode(SaveMode.Overwrite)
            .Option(DeltaWriterOptions.ReplaceWhere, ReplaceWherePredicate.In(LakeTable.ReportDate, dates.Order().Select(IsoDate.Format)).ToString())
            .PartitionBy(LakeTable.ReportDate).SaveAsync(lake.QuarantineReports, ct);

    /// <summary>
    /// Refuses a lake whose quarantine records are still an earlier version's CSV files (no Delta log yet): writing the table
    /// beside them would leave the other dates' records outside it. <c>lake convert</c> turns them into the table.
    /// </summary>
    internal static async Task EnsureNotLegacyAsync(IFileStore store, LakeLayout lake, CancellationToken ct)
    {
        if (!await LakeTable.ExistsAsync(store, lake.QuarantineReports, ct) && await store.AnyFileAsync(lake.QuarantineReports, ".csv", ct))
            throw new InputFileException(lake.QuarantineReports, null,
                "holds the quarantine CSV files of an earlier version, not a Delta table; convert the lake first with `covidspark-jobs lake convert`");
    }

    /// <summary>
    /// Turns an earlier version's per-date CSV files (<c>quarantine/daily_reports/report_date=…/quarantine.csv</c>) of a local
    /// lake into the table, losing nothing: every record is staged as it was, the table gets one commit replacing those dates,
    /// the committed row count must equal the records read, and only then are the CSV files removed (a convert stopped before
    /// that converts the same files again). Null when there is no such file.
    /// </summary>
    /// <exception cref="InputFileException">A partition folder whose name is not a date, or a row count that does not match.</exception>
    public static async Task<QuarantineConversion?> ConvertCsvFilesAsync(SparkSession spark, string lakeRoot, CancellationToken ct)
    {
        var lake = new LakeLayout(lakeRoot);
        if (!Directory.Exists(lake.QuarantineReports)) return null;
        var prefix = LakeTable.ReportDate + "=";
        var files = Directory.EnumerateDirectories(lake.QuarantineReports, prefix + "*")
            .Select(folder => Path.Combine(folder, LegacyCsvName)).Where(File.Exists).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) return null;

        var staging = lake.Staging("convert-" + Guid.NewGuid().ToString("N")[..12]);
        var stagingCsv = Path.Combine(staging, "quarantine.csv");
        var dates = new List<DateOnly>();
        long records = 0, longest;
        try
        {
            using (var file = StagingWriter.OpenQuarantine(stagingCsv))
            {
                foreach (var csv in files)
                {
                    var folder = Path.GetFileName(Path.GetDirectoryName(csv)!);
                    if (!IsoDate.TryParse(folder[prefix.Length..], out var date))
                        throw new InputFileException(csv, null, $"its folder {folder} does not name a report date (yyyy-MM-dd)");
                    dates.Add(date);
                    records += file.AppendCsv(date, csv);
                }
                longest = file.LongestRecord;
            }
            var written = await WriteAsync(ReadStaging(spark, stagingCsv, longest), lake, dates, ct) ?? records;
            if (written != records)
                throw new InputFileException(lake.QuarantineReports, null,
                    $"converting its CSV files read {records:N0} records but the table got {written:N0}; the CSV files are kept");
            foreach (var csv in files) File.Delete(csv);
            return new QuarantineConversion(files.Count, records, dates);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>
    /// An earlier version's indicators quarantine file (<c>quarantine/indicators/quarantine.csv</c>) becomes the indicators'
    /// quarantine table (one commit), checked by row count before the file is removed. Nothing happens when the table exists.
    /// </summary>
    /// <returns>The records converted, or null when there was no such file.</returns>
    public static async Task<long?> ConvertIndicatorsCsvAsync(SparkSession spark, LakeLayout lake, CancellationToken ct)
    {
        var csv = Path.Combine(lake.QuarantineIndicators, LegacyCsvName);
        if (!File.Exists(csv) || Directory.Exists(Path.Combine(lake.QuarantineIndicators, "_delta_log"))) return null;
        // read where it lies (the table's commit does not touch it) with the reader the ETL uses; a record is never longer
        // than the file (three bytes a char, as read)
        var records = ReadRecords(spark, csv, 3 * new FileInfo(csv).Length);
        var read = await records.CountAsync(ct);
        var written = await WriteIndicatorsAsync(records, lake, ct) ?? read;
        if (written != read)
            throw new InputFileException(csv, null, $"converting it read {read:N0} records but the table got {written:N0}; the file is kept");
        File.Delete(csv);
        return read;
    }
}
