using CovidSpark.Delta.Log;
using CovidSpark.Delta.Stats;
using CovidSpark.Delta.Transactions;

namespace CovidSpark.Delta.Tests;

/// <summary>A scratch table written the way the engine writes: DuckDB writes Parquet files, the Delta library commits them.</summary>
internal sealed class TableFixture : IDisposable
{
    private readonly TempDir _temp = new("delta-tests");
    private int _fileNo;

    public TableFixture()
    {
        Root = Path.Combine(_temp.Path, "daily country");
        Time = new ManualClock(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), ClockTimers.OnAdvance);
        Log = new DeltaLog(new Storage.LocalDeltaStore(Root), Time);
    }

    public string Root { get; }
    public ManualClock Time { get; }
    public DeltaLog Log { get; }

    public static readonly IReadOnlyList<DeltaField> Schema =
        [new("country", "string"), new("confirmed", "long"), new("ratio", "double"), new("report_date", "date")];

    /// <summary>Writes one Parquet file of <paramref name="rows"/> rows for a report date and describes it for a commit.</summary>
    public async Task<DeltaDataFile> WriteFileAsync(string date, int rows, string tag = "")
    {
        var relative = $"report_date={date}/part-{_fileNo++:D5}{tag}.parquet";
        var full = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        DuckDbFiles.Scalar(
            $"copy (select 'c' || i as country, cast(i * 10 as bigint) as confirmed, case when i % 2 = 0 then null else i / 3.0 end as ratio " +
            $"from range({rows}) t(i)) to '{full}' (format parquet)");
        string stats;
        await using (var stream = File.OpenRead(full)) stats = await ParquetFileStats.ComputeAsync(stream);
        var info = new FileInfo(full);
        return new DeltaDataFile(relative, new Dictionary<string, string?> { ["report_date"] = date }, info.Length,
            new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero), stats);
    }

    public Task<CommitResult?> CommitAsync(DeltaWriteMode mode, params DeltaDataFile[] files) =>
        DeltaWriter.CommitAsync(Log, new DeltaWriteRequest(Schema, ["report_date"], files, mode,
            new CommitOptions("WRITE") { Tags = new Dictionary<string, string> { ["runId"] = "run-1", ["job"] = "etl" } }));

    public void Dispose() => _temp.Dispose();
}
