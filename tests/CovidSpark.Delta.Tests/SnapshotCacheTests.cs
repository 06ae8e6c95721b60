using CovidSpark.Delta.Log;
using CovidSpark.Delta.Storage;
using CovidSpark.Delta.Transactions;

namespace CovidSpark.Delta.Tests;

/// <summary>A session's snapshot cache: reused while the log is unchanged, extended by new commits, never stale.</summary>
public sealed class SnapshotCacheTests
{
    private static string[] Dates(Snapshot s) => [.. s.Files.Select(f => f.PartitionValues["report_date"]!)];

    [Fact]
    public async Task A_cached_snapshot_is_reused_and_extended_by_later_commits()
    {
        using var t = new TableFixture();
        var cache = new SnapshotCache();
        var log = new DeltaLog(new LocalDeltaStore(t.Root), t.Time, cache: cache);
        await t.CommitAsync(DeltaWriteMode.ReplacePartitions, await t.WriteFileAsync("2020-11-01", 5), await t.WriteFileAsync("2020-11-02", 3));

        var first = await log.GetSnapshotAsync();
        Assert.Same(first, await log.GetSnapshotAsync());
        Assert.Equal(1, cache.Hits);

        // another writer (no cache) replaces a date: the cached state is extended by that commit, not served stale
        await t.CommitAsync(DeltaWriteMode.ReplacePartitions, await t.WriteFileAsync("2020-11-02", 7), await t.WriteFileAsync("2020-11-03", 1));
        var second = await log.GetSnapshotAsync();
        Assert.Equal(1, second.Version);
        Assert.Equal(2, cache.Hits);
        Assert.Equal(["2020-11-01", "2020-11-02", "2020-11-03"], Dates(second));
        Assert.Equal(13, second.NumRecords);
        Assert.Single(second.Tombstones);

        // an older version is built from the log, and does not replace the newer one in the cache
        Assert.Equal(["2020-11-01", "2020-11-02"], Dates(await log.GetSnapshotAsync(0)));
        Assert.Same(second, await log.GetSnapshotAsync());
    }

    [Fact]
    public async Task A_table_written_again_under_the_same_path_is_not_served_from_the_cache()
    {
        var cache = new SnapshotCache();
        string root;
        using (var t = new TableFixture())
        {
            root = t.Root;
            await t.CommitAsync(DeltaWriteMode.ReplacePartitions, await t.WriteFileAsync("2020-11-01", 5));
            Assert.Equal(["2020-11-01"], Dates(await DeltaLog.ForPath(root, cache: cache).GetSnapshotAsync()));
            Directory.Delete(Path.Combine(root, "_delta_log"), recursive: true);
            t.Time.Advance(TimeSpan.FromSeconds(1));
            await t.CommitAsync(DeltaWriteMode.ReplacePartitions, await t.WriteFileAsync("2020-11-09", 2, "-longer-name"));
            Assert.Equal(["2020-11-09"], Dates(await DeltaLog.ForPath(root, cache: cache).GetSnapshotAsync()));
        }
    }
}
