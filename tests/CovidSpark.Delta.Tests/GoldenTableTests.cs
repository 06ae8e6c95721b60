using CovidSpark.Delta.Errors;
using CovidSpark.Delta.Log;

namespace CovidSpark.Delta.Tests;

/// <summary>
/// Replays tables written by real Spark + Delta Lake (the delta-io/delta golden tables) and checks each against what
/// its generator (GoldenTables.scala) wrote: file lists, row counts read back by DuckDB, partition values, versions.
/// </summary>
public sealed class GoldenTableTests
{
    private static DeltaLog Open(string name) => DeltaLog.ForPath(TestPaths.Golden(name));

    private static IEnumerable<string> Paths(Snapshot s) => s.Files.Select(f => f.Path);

    [Fact]
    public async Task Checkpoint_ReplaysTheFourCommitsAfterTheClassicCheckpoint()
    {
        // 15 commits: commit i adds file "i" and removes "i-1"; Spark checkpointed version 10
        var s = await Open("checkpoint").GetSnapshotAsync();
        Assert.Equal(14, s.Version);
        Assert.Equal(["15"], Paths(s));
        Assert.Equal(10, s.CheckpointVersion);
        Assert.Equal(4, s.CommitsReplayed);
        Assert.Equal(Enumerable.Range(1, 14).Select(i => i.ToString()).Order(StringComparer.Ordinal), s.Tombstones.Select(t => t.Path));
    }

    [Fact]
    public async Task Checkpoint_TimeTravelBeforeTheCheckpointReplaysFromVersionZero()
    {
        var s = await Open("checkpoint").GetSnapshotAsync(5);
        Assert.Equal(["6"], Paths(s));
        Assert.Null(s.CheckpointVersion);
        Assert.Equal(6, s.CommitsReplayed);
    }

    [Fact]
    public async Task MultiPartCheckpoint_ReadsBothPartsAndTheData()
    {
        // range(1) in one file, then range(30) in nine; checkpoint interval 1, part size 5 → version 1 in two parts
        var root = TestPaths.Golden("multi-part-checkpoint");
        var s = await Open("multi-part-checkpoint").GetSnapshotAsync();
        Assert.Equal(1, s.Version);
        Assert.Equal(1, s.CheckpointVersion);
        Assert.Equal(0, s.CommitsReplayed);
        Assert.Equal(10, s.Files.Count);
        Assert.Equal(31, DuckDbFiles.Count(root, s));
        Assert.Equal(435L, Convert.ToInt64(DuckDbFiles.Scalar($"select cast(sum(id) as bigint) from {DuckDbFiles.ReadParquet(root, s)}")));
        Assert.Equal(31, s.NumRecords);
    }

    [Theory]
    [InlineData("v2-checkpoint-json")]
    [InlineData("v2-checkpoint-parquet")]
    public async Task V2Checkpoint_ReadsTheTopLevelFileAndItsSidecars(string table)
    {
        var root = TestPaths.Golden(table);
        var s = await Open(table).GetSnapshotAsync();
        Assert.Equal(2, s.Version);
        Assert.Equal(2, s.CheckpointVersion);
        Assert.Equal(0, s.CommitsReplayed);
        Assert.Contains("v2Checkpoint", s.Protocol.ReaderFeatures!);
        Assert.Equal(4, s.Files.Count);
        Assert.Equal("0,1,2,3,4,5,6,7,8,9", DuckDbFiles.Strings(root, s, "id"));
    }

    [Fact]
    public async Task CorruptedLastCheckpoint_GarbageHintFallsBackToListing()
    {
        using var temp = new TempDir();
        var root = TestPaths.CopyGolden("corrupted-last-checkpoint", temp);
        await File.WriteAllTextAsync(Path.Combine(root, "_delta_log", "_last_checkpoint"), "{\"version\":1");
        var s = await DeltaLog.ForPath(root).GetSnapshotAsync();
        Assert.Equal(10, s.Version);
        Assert.Equal(10, s.CheckpointVersion);
        Assert.Equal(Enumerable.Range(0, 11).Select(i => i.ToString()).Order(StringComparer.Ordinal), Paths(s));
    }

    [Fact]
    public async Task CorruptedLastCheckpoint_HintNamingAMissingCheckpointFallsBackToListing()
    {
        using var temp = new TempDir();
        var root = TestPaths.CopyGolden("corrupted-last-checkpoint", temp);
        await File.WriteAllTextAsync(Path.Combine(root, "_delta_log", "_last_checkpoint"), "{\"version\":7,\"size\":3}");
        var s = await DeltaLog.ForPath(root).GetSnapshotAsync();
        Assert.Equal(10, s.Version);
        Assert.Equal(11, s.Files.Count);
    }

    [Fact]
    public async Task CorruptedLastCheckpoint_EmptyHintWrittenBySpark()
    {
        // 11 appends of range(10), then an overwrite with range(100); Spark emptied _last_checkpoint
        var root = TestPaths.Golden("corrupted-last-checkpoint-kernel");
        Assert.Equal(0, new FileInfo(Path.Combine(root, "_delta_log", "_last_checkpoint")).Length);
        var s = await Open("corrupted-last-checkpoint-kernel").GetSnapshotAsync();
        Assert.Equal(11, s.Version);
        Assert.Equal(10, s.CheckpointVersion);
        Assert.Equal(100, DuckDbFiles.Count(root, s));
    }

    [Theory]
    [InlineData("snapshot-data0", 0, "data-0-", 10)]
    [InlineData("snapshot-data1", 1, "data-0-,data-1-", 20)]
    [InlineData("snapshot-data2", 2, "data-2-", 10)]
    [InlineData("snapshot-data3", 3, "data-2-,data-3-", 30)]
    [InlineData("snapshot-data2-deleted", 4, "data-3-", 20)]
    [InlineData("snapshot-repartitioned", 5, "data-3-", 20)]
    [InlineData("snapshot-vacuumed", 5, "data-3-", 20)]
    public async Task SnapshotTables_AppendOverwriteDeleteRepartitionVacuum(string table, long version, string prefixes, int rows)
    {
        var root = TestPaths.Golden(table);
        var s = await Open(table).GetSnapshotAsync();
        Assert.Equal(version, s.Version);
        Assert.Equal(rows, DuckDbFiles.Count(root, s));
        var seen = (string)DuckDbFiles.Scalar(
            $"select string_agg(distinct regexp_extract(col2, '^data-[0-9]-'), ',' order by regexp_extract(col2, '^data-[0-9]-')) from {DuckDbFiles.ReadParquet(root, s)}")!;
        Assert.Equal(prefixes, seen);
        Assert.All(s.Files, f => Assert.True(File.Exists(Path.Combine(root, Snapshot.RelativePath(f))), f.Path));
    }

    [Fact]
    public async Task SnapshotRepartitioned_IsTwoFilesWrittenWithoutDataChange()
    {
        var log = Open("snapshot-repartitioned");
        Assert.Equal(2, (await log.GetSnapshotAsync()).Files.Count);
        var last = await log.ReadCommitAsync(5);
        Assert.All(last.OfType<Actions.AddFile>(), a => Assert.False(a.DataChange));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 20)]
    [InlineData(2, 30)]
    public async Task TimeTravel_ByVersion(long version, int rows)
    {
        // each commit v appends range(10v, 10v+10)
        var root = TestPaths.Golden("time-travel-start-start20-start40");
        var s = await Open("time-travel-start-start20-start40").GetSnapshotAsync(version);
        Assert.Equal(rows, DuckDbFiles.Count(root, s));
        Assert.Equal(rows - 1, Convert.ToInt64(DuckDbFiles.Scalar($"select max(id) from {DuckDbFiles.ReadParquet(root, s)}")));
    }

    [Fact]
    public async Task TimeTravel_ByTimestamp_UsesCommitFileTimes()
    {
        // the generator set the commit files' modification times to start, start+20 min, start+40 min
        using var temp = new TempDir();
        var root = TestPaths.CopyGolden("time-travel-start-start20-start40", temp);
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1540415658000L);
        for (var v = 0; v < 3; v++)
            File.SetLastWriteTimeUtc(Path.Combine(root, "_delta_log", $"{v:D20}.json"), start.AddMinutes(20 * v).UtcDateTime);
        var log = DeltaLog.ForPath(root);

        Assert.Equal(0, (await log.GetSnapshotAsOfAsync(start)).Version);
        Assert.Equal(1, (await log.GetSnapshotAsOfAsync(start.AddMinutes(25))).Version);
        Assert.Equal(2, (await log.GetSnapshotAsOfAsync(start.AddMinutes(40))).Version);
        var before = await Assert.ThrowsAsync<DeltaTimeTravelException>(() => log.GetSnapshotAsOfAsync(start.AddSeconds(-1)));
        Assert.Contains("before the earliest available version 0", before.Message);
        var after = await Assert.ThrowsAsync<DeltaTimeTravelException>(() => log.GetSnapshotAsOfAsync(start.AddHours(1)));
        Assert.Contains("after the latest version 2", after.Message);
    }

    [Fact]
    public async Task TimeTravel_VersionAfterTheLatestIsAClearError()
    {
        var e = await Assert.ThrowsAsync<DeltaTimeTravelException>(() => Open("time-travel-start").GetSnapshotAsync(3));
        Assert.Contains("no version 3: the latest version is 0", e.Message);
    }

    [Fact]
    public async Task TimeTravel_PartitionChangesGiveEachVersionItsOwnPartitioning()
    {
        var log = Open("time-travel-partition-changes-b");
        var v0 = await log.GetSnapshotAsync(0);
        var v1 = await log.GetSnapshotAsync(1);
        Assert.Equal(["part5"], v0.PartitionColumns);
        Assert.Equal(["part2"], v1.PartitionColumns);
        Assert.Equal(["0", "1", "2", "3", "4"], v0.Files.Select(f => f.PartitionValues["part5"]!).Distinct().Order());
        Assert.Equal(["0", "1"], v1.Files.Select(f => f.PartitionValues["part2"]!).Distinct().Order());
    }

    [Fact]
    public async Task PartitionValues_AreStringsAndNullIsNotTheStringNull()
    {
        var s = await Open("data-reader-partition-values").GetSnapshotAsync();
        Assert.Equal(12, s.PartitionColumns.Count);
        var byInt = s.Files.ToLookup(f => f.PartitionValues["as_int"]);
        var zero = Assert.Single(byInt["0"]).PartitionValues;
        Assert.Equal("0", zero["as_long"]);
        Assert.Equal("true", zero["as_boolean"]);
        Assert.Equal("0.0", zero["as_float"]);
        Assert.Equal("0", zero["as_string"]);
        Assert.Equal("null", zero["as_string_lit_null"]);
        Assert.Equal("2021-09-08", zero["as_date"]);
        Assert.StartsWith("2021-09-08 11:11:11", zero["as_timestamp"]);
        var nullRow = Assert.Single(byInt[null]).PartitionValues;
        Assert.All(nullRow.Values, Assert.Null);
        Assert.Equal(3, s.Files.Count);
    }

    [Fact]
    public async Task EscapedCharacters_PathsAreUrlDecodedToTheHiveEscapedFolders()
    {
        var root = TestPaths.Golden("data-reader-escaped-chars");
        var s = await Open("data-reader-escaped-chars").GetSnapshotAsync();
        Assert.Equal(["bar+%21", "bar+%22", "bar+%23"], s.Files.Select(f => f.PartitionValues["_2"]!).Order(StringComparer.Ordinal));
        Assert.All(s.Files, f => Assert.True(File.Exists(Path.Combine(root, Snapshot.RelativePath(f))), Snapshot.RelativePath(f)));
        Assert.Equal("foo1,foo2,foo3", DuckDbFiles.Strings(root, s, "_1"));
    }

    [Theory]
    [InlineData("canonicalized-paths-normal-a")]
    [InlineData("canonicalized-paths-normal-b")]
    [InlineData("canonicalized-paths-special-a")]
    [InlineData("canonicalized-paths-special-b")]
    public async Task CanonicalizedPaths_ARemoveWithAFileSchemeCancelsThePlainAdd(string table)
    {
        var s = await Open(table).GetSnapshotAsync();
        Assert.Equal(1, s.Version);
        Assert.Empty(s.Files);
    }

    [Fact]
    public async Task DeleteAndReAddTheSameFile_TheLaterAddWins()
    {
        var s = await Open("delete-re-add-same-file-different-transactions").GetSnapshotAsync();
        Assert.Equal(["bar", "foo"], Paths(s));
        Assert.Equal(1700000000000L, s.Files.Single(f => f.Path == "foo").ModificationTime);
        Assert.Empty(s.Tombstones);
    }

    [Fact]
    public async Task IteratorBug_EmptyAppendsAndACheckpoint()
    {
        var root = TestPaths.Golden("125-iterator-bug");
        var s = await Open("125-iterator-bug").GetSnapshotAsync();
        Assert.Equal(11, s.Version);
        Assert.Equal(10, s.CheckpointVersion);
        Assert.Equal("1,2,3,4,5", DuckDbFiles.Strings(root, s, "col1"));
    }

    [Fact]
    public async Task InsertsAndDeletesWithCheckpoint()
    {
        var root = TestPaths.Golden("basic-with-inserts-deletes-checkpoint");
        var s = await Open("basic-with-inserts-deletes-checkpoint").GetSnapshotAsync();
        Assert.Equal(13, s.Version);
        Assert.Equal(10, s.CheckpointVersion);
        var expected = Enumerable.Range(0, 66).Where(i => i >= 50 || i % 10 < 5).ToList();
        Assert.Equal(expected.Count, DuckDbFiles.Count(root, s));
        Assert.Equal(expected.Sum(), Convert.ToInt64(DuckDbFiles.Scalar($"select cast(sum(id) as bigint) from {DuckDbFiles.ReadParquet(root, s)}")));
    }

    [Fact]
    public async Task Primitives_ElevenRowsOneAllNull()
    {
        var root = TestPaths.Golden("data-reader-primitives");
        var s = await Open("data-reader-primitives").GetSnapshotAsync();
        Assert.Equal(11, DuckDbFiles.Count(root, s));
        Assert.Equal(1L, Convert.ToInt64(DuckDbFiles.Scalar($"select count(*) from {DuckDbFiles.ReadParquet(root, s)} where as_int is null")));
    }

    [Fact]
    public async Task OnlyCheckpointFiles_LatestCheckpointIsUsed()
    {
        var s = await Open("only-checkpoint-files").GetSnapshotAsync();
        Assert.Equal(2, s.Version);
        Assert.Equal(2, s.CheckpointVersion);
        Assert.Equal(0, s.CommitsReplayed);
        Assert.NotEmpty(s.Files);
    }

    [Fact]
    public async Task CommitInfo_IsReadWithItsFields()
    {
        var history = await Open("deltalog-commit-info").HistoryAsync();
        var info = Assert.Single(history).CommitInfo!;
        Assert.Equal("WRITE", info.Operation);
        Assert.Equal(1540415658000L, info.Timestamp);
        Assert.Equal(-1, info.ReadVersion);
        Assert.Equal("test", info.OperationMetrics["test"]);
        Assert.Equal("foo", info.Fields["userMetadata"]!.ToString());
        Assert.Equal("another writer (operation WRITE, at 2018-10-24 21:14:18Z)", info.Describe());
    }

    [Fact]
    public async Task Errors_VersionsNotContiguous()
    {
        var e = await Assert.ThrowsAsync<DeltaLogCorruptException>(() => Open("versions-not-contiguous").GetSnapshotAsync());
        Assert.Contains("00000000000000000001.json", e.Message);
    }

    [Theory]
    [InlineData("deltalog-state-reconstruction-without-protocol", "no protocol action")]
    [InlineData("deltalog-state-reconstruction-without-metadata", "no metaData action")]
    [InlineData("deltalog-state-reconstruction-from-checkpoint-missing-protocol", "no protocol action")]
    [InlineData("deltalog-state-reconstruction-from-checkpoint-missing-metadata", "no metaData action")]
    public async Task Errors_StateWithoutProtocolOrMetadata(string table, string message)
    {
        var e = await Assert.ThrowsAsync<DeltaLogCorruptException>(() => Open(table).GetSnapshotAsync());
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public async Task Errors_NoDeltaLogFolder()
    {
        var log = Open("no-delta-log-folder");
        Assert.False(await log.ExistsAsync());
        Assert.Null(await log.TryGetSnapshotAsync());
        var e = await Assert.ThrowsAsync<DeltaTableNotFoundException>(() => log.GetSnapshotAsync());
        Assert.Contains("not a Delta table", e.Message);
    }
}

/// <summary>Checkpoint rows of a Spark-written partitioned table (its deletion vectors make the table itself unreadable).</summary>
public sealed class SparkCheckpointRowTests
{
    [Fact]
    public async Task PartitionValuesMapsOfASparkCheckpointAreRead()
    {
        var store = new Storage.LocalDeltaStore(TestPaths.Golden("dv-partitioned-with-checkpoint"));
        var name = $"{10:D20}.checkpoint.parquet";
        var info = new FileInfo(Path.Combine(store.Location, "_delta_log", name));
        var actions = await CheckpointReader.ReadAsync(store,
            [new LogFile(name, 10, LogFileKind.ClassicCheckpoint, 1, 1, info.Length, info.LastWriteTimeUtc)], CancellationToken.None);
        var adds = actions.OfType<Actions.AddFile>().ToList();
        Assert.NotEmpty(adds);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString()), adds.Select(a => a.PartitionValues["part"]!).Distinct().Order());
        Assert.All(adds, a => Assert.StartsWith($"part={a.PartitionValues["part"]}/", a.Path));
        Assert.Contains(adds, a => a.DeletionVector is not null);
    }
}
