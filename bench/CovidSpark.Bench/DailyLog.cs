using CovidSpark.Delta.Log;
using CovidSpark.Delta.Transactions;

namespace CovidSpark.Bench;

/// <summary>
/// Rewrites the log of every partitioned Delta table of a lake as one commit per partition, oldest first — the history a
/// year of daily runs leaves (each date added by its own commit, a checkpoint every 10) — keeping the same data files.
/// Seeding a 350-day lake by 350 real runs would take a quarter of an hour; the log is what "one more day" replays.
/// </summary>
internal static class DailyLog
{
    /// <returns>The most commits a table got (its number of partitions).</returns>
    public static async Task<int> RewriteAsync(string lake)
    {
        var most = 0;
        foreach (var logDir in Directory.EnumerateDirectories(lake, "_delta_log", SearchOption.AllDirectories).ToList())
        {
            var root = Path.GetDirectoryName(logDir)!;
            var snapshot = await DeltaLog.ForPath(root).GetSnapshotAsync();
            if (snapshot.PartitionColumns.Count == 0) continue;
            Directory.Delete(logDir, recursive: true);
            var log = DeltaLog.ForPath(root, cache: new SnapshotCache());
            Snapshot? current = null;
            var commits = 0;
            foreach (var day in snapshot.Files.GroupBy(f => string.Join('/', f.PartitionValues.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"))).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var txn = log.StartTransaction(current);
                if (current is null)
                {
                    txn.SetProtocol(snapshot.Protocol);
                    txn.SetMetadata(snapshot.Metadata);
                }
                txn.ReplacePartitions([day.First().PartitionValues]);
                foreach (var file in day) txn.Add(file with { DataChange = true });
                await txn.CommitAsync(new CommitOptions("WRITE"));
                current = await log.GetSnapshotAsync();
                commits++;
            }
            most = Math.Max(most, commits);
        }
        return most;
    }
}
