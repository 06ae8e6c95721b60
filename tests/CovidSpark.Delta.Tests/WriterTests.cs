using CovidSpark.Delta.Actions;
using CovidSpark.Delta.Errors;
using CovidSpark.Delta.Log;
using CovidSpark.Delta.Transactions;

namespace CovidSpark.Delta.Tests;

public sealed class WriterTests
{
    [Fact]
    public async Task FirstCommit_CreatesTheTableWithProtocolMetadataAndFiles()
    {
        using var t = new TableFixture();
        var result = await t.CommitAsync(DeltaWriteMode.ReplacePartitions, await t.WriteFileAsync("2020-11-01", 5), await t.WriteFileAsync("2020-11-02", 3));
        Assert.Equal(0, result!.Version);
        var s = await t.Log.GetSnapshotAsync();
        Assert.Equal(1, s.Protocol.MinReaderVersion);
        Assert.Equal(2, s.Protocol.MinWriterVersion);
        Assert.Equal(["report_date"], s.PartitionColumns);
        Assert.True(Guid.TryParse(s.Metadata.Id, out _));
        Assert.Equal(8, DuckDbFiles.Count(t.Root, s));
        Assert.Equal(8, s.NumRecords);
    }

    [Fact]
    public async Task ReplacePartitions_RemovesOnlyTheReplacedPartitionsFilesInOneCommit()
    {
        using var t = new TableFixture();
        await t.CommitAsync(DeltaWriteMode.ReplacePartitions, await t.WriteFileAsync("2020-11-01", 5), await t.WriteFileAsync("2020-11-02", 3));
        var result = await t.CommitAsync(DeltaWriteMode.ReplacePartitions, await t.WriteFileAsync("2020-11-02", 7));
        Assert.Equal(1, result!.Version);

        var commit = await t.Log.ReadCommitAsync(1);
        var removed = Assert.Single(commit.OfType<RemoveFile>());
        Assert.StartsWith("report_date=2020-11-02/", removed.Path);
        Assert.Single(commit.OfType<AddFile>());
        var s = await t.Log.GetSnapshotAsync();
        Assert.Equal(12, DuckDbFiles.Count(t.Root, s));
        Assert.Equal(["2020-11-01", "2020-11-02"], s.Files.Select(f => f.PartitionValues["report_date"]!));
        // the old version still reads the old rows: time travel
        Assert.Equal(8, DuckDbFiles.Count(t.Root, await t.Log.GetSnapshotAsync(0)));
    }

    [Fact]
    public async Task Overwrite_RemovesEverything_AppendRemovesNothing()
    {
        using var t = new TableFixture();
        await t.CommitAsync(DeltaWriteMode.Append, await t.WriteFileAsync("2020-11-01", 5));
        await t.CommitAsync(DeltaWriteMode.Append, await t.WriteFileAsync("2020-11-01", 5));
        Assert.Equal(10, (await t.Log.GetSnapshotAsync()).NumRecords);
        await t.CommitAsync(DeltaWriteMode.Overwrite, await t.WriteFileAsync("2020-11-03", 2));
        var s = await t.Log.GetSnapshotAsync();
        Assert.Equal(2, s.NumRecords);
        Assert.Equal(2, s.Tombstones.Count);
    }

    [Fact]
    public async Task ErrorIfExistsAndIgnore()
    {
        using var t = new TableFixture();
        await t.CommitAsync(DeltaWriteMode.ErrorIfExists, await t.WriteFileAsync("2020-11-01", 1));
        var e = await Assert.ThrowsAsync<DeltaWriteException>(async () => await t.CommitAsync(DeltaWriteMode.ErrorIfExists, await t.WriteFileAsync("2020-11-01", 1)));
        Assert.Contains("already exists (version 0)", e.Message);
        Assert.Null(await t.CommitAsync(DeltaWriteMode.Ignore, await t.WriteFileAsync("2020-11-01", 1)));
    }

    [Fact]
    public async Task PartitionColumnsCannotChangeOutsideAnOverwrite()
    {
        using var t = new TableFixture();
        await t.CommitAsync(DeltaWriteMode.Append, await t.WriteFileAsync("2020-11-01", 1));
        var e = await Assert.ThrowsAsync<DeltaWriteException>(() => DeltaWriter.CommitAsync(t.Log,
            new DeltaWriteRequest(TableFixture.Schema, [], [], DeltaWriteMode.Append, new CommitOptions("WRITE"))));
        Assert.Contains("partitioned by [report_date], the write by []", e.Message);
    }

    [Fact]
    public async Task CheckpointEveryTenCommits_ReplayStaysShortAndEqualsAFullReplay()
    {
        using var t = new TableFixture();
        for (var i = 0; i < 25; i++)
        {
            t.Time.Advance(TimeSpan.FromMinutes(1));
            await t.CommitAsync(DeltaWriteMode.ReplacePartitions, await t.WriteFileAsync($"2020-11-{i % 7 + 1:D2}", i + 1));
        }
        var logDir = Path.Combine(t.Root, "_delta_log");
        Assert.True(File.Exists(Path.Combine(logDir, $"{10:D20}.checkpoint.parquet")));
        Assert.True(File.Exists(Path.Combine(logDir, $"{20:D20}.checkpoint.parquet")));
        Assert.Contains("\"version\":20", await File.ReadAllTextAsync(Path.Combine(logDir, "_last_checkpoint")));

        var s = await t.Log.GetSnapshotAsync();
        Assert.Equal(24, s.Version);
        Assert.Equal(20, s.CheckpointVersion);
        Assert.Equal(4, s.CommitsReplayed);

        // the same state replayed from the JSON commits alone
        foreach (var cp in Directory.GetFiles(logDir, "*.checkpoint.parquet")) File.Delete(cp);
        File.Delete(Path.Combine(logDir, "_last_checkpoint"));
        var full = await t.Log.GetSnapshotAsync();
        Assert.Null(full.CheckpointVersion);
        static string Describe(Actions.AddFile f) => $"{f.Path} {f.Size} {f.ModificationTime} {f.Stats} {string.Join(",", f.PartitionValues)}";
        Assert.Equal(full.Files.Select(Describe), s.Files.Select(Describe));
        Assert.Equal(full.Metadata.SchemaString, s.Metadata.SchemaString);
        Assert.Equal(full.Tombstones.Select(r => r.Path), s.Tombstones.Select(r => r.Path));
        Assert.Equal(7, s.Files.Count);
    }

    [Fact]
    public async Task OurCheckpoint_IsParquetInSparksCheckpointSchema()
    {
        using var t = new TableFixture();
        for (var i = 0; i < 11; i++) await t.CommitAsync(DeltaWriteMode.ReplacePartitions, await t.WriteFileAsync($"2020-11-{i % 3 + 1:D2}", 2));
        var cp = Path.Combine(t.Root, "_delta_log", $"{10:D20}.checkpoint.parquet");
        // read by DuckDB, independent of Parquet.Net: struct columns with the protocol's field names and types
        Assert.Equal(3L, Convert.ToInt64(DuckDbFiles.Scalar($"select count(*) from read_parquet('{cp}') where add is not null")));
        Assert.Equal("report_date=2020-11-01", (string)DuckDbFiles.Scalar(
            $"select split_part(add.path, '/', 1) from read_parquet('{cp}') where add is not null order by add.path limit 1")!);
        Assert.Equal("2020-11-01", (string)DuckDbFiles.Scalar(
            $"select add.partitionValues['report_date'] from read_parquet('{cp}') where add is not null order by add.path limit 1")!);
        Assert.Equal(2L, Convert.ToInt64(DuckDbFiles.Scalar(
            $"select json_extract(add.stats, '$.numRecords') from read_parquet('{cp}') where add is not null limit 1")));
        Assert.Equal(1, Convert.ToInt32(DuckDbFiles.Scalar($"select protocol.minReaderVersion from read_parquet('{cp}') where protocol is not null")));
        Assert.Equal("report_date", Convert.ToString(DuckDbFiles.Scalar($"select array_to_string(metaData.partitionColumns, ',') from read_parquet('{cp}') where metaData is not null")));
        Assert.Equal(8L, Convert.ToInt64(DuckDbFiles.Scalar($"select count(*) from read_parquet('{cp}') where remove is not null and remove.deletionTimestamp > 0")));
    }

    [Fact]
    public async Task AppTransaction_AppliedOnceEvenWhenRetried()
    {
        using var t = new TableFixture();
        var file = await t.WriteFileAsync("2020-11-01", 5);
        var request = new DeltaWriteRequest(TableFixture.Schema, ["report_date"], [file], DeltaWriteMode.Append, new CommitOptions("WRITE"))
        { AppTransaction = ("covidspark:etl:daily_country", 7) };
        Assert.False((await DeltaWriter.CommitAsync(t.Log, request))!.Skipped);
        var again = await DeltaWriter.CommitAsync(t.Log, request);
        Assert.True(again!.Skipped);
        var s = await t.Log.GetSnapshotAsync();
        Assert.Equal(0, s.Version);
        Assert.Equal(7, s.TransactionVersion("covidspark:etl:daily_country"));
        Assert.Equal(5, s.NumRecords);
    }

    [Fact]
    public async Task Stats_ComeFromTheParquetFooter()
    {
        using var t = new TableFixture();
        var file = await t.WriteFileAsync("2020-11-01", 4);
        var stats = System.Text.Json.JsonDocument.Parse(file.Stats!).RootElement;
        Assert.Equal(4, stats.GetProperty("numRecords").GetInt64());
        Assert.Equal(0, stats.GetProperty("minValues").GetProperty("confirmed").GetInt64());
        Assert.Equal(30, stats.GetProperty("maxValues").GetProperty("confirmed").GetInt64());
        Assert.Equal("c0", stats.GetProperty("minValues").GetProperty("country").GetString());
        Assert.Equal(2, stats.GetProperty("nullCount").GetProperty("ratio").GetInt64());
        Assert.Equal(0, stats.GetProperty("nullCount").GetProperty("country").GetInt64());
    }

    [Fact]
    public async Task History_NewestFirstWithCommitInfo()
    {
        using var t = new TableFixture();
        await t.CommitAsync(DeltaWriteMode.ReplacePartitions, await t.WriteFileAsync("2020-11-01", 5));
        await t.CommitAsync(DeltaWriteMode.ReplacePartitions, await t.WriteFileAsync("2020-11-01", 6));
        var history = await t.Log.HistoryAsync();
        Assert.Equal([1L, 0L], history.Select(h => h.Version));
        Assert.Equal("WRITE", history[0].CommitInfo!.Operation);
        Assert.Equal("run-1", history[0].CommitInfo!.Tag("runId"));
        Assert.Equal("6", history[0].CommitInfo!.OperationMetrics["numOutputRows"]);
        Assert.Equal("1", history[0].CommitInfo!.OperationMetrics["numRemovedFiles"]);
    }
}
