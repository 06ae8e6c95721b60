using System.Collections.Concurrent;

namespace CovidSpark.Delta.Log;

/// <summary>
/// Snapshots already reconstructed, one (the newest built) per table, shared by the <see cref="DeltaLog"/>s of one
/// session. Log files never change once written, so a snapshot built from the same checkpoint and the same commit files
/// is the same snapshot; a later version built on the same checkpoint replays only the commits after the cached one.
/// That keeps reading a table many times in one run (every job reads <c>daily_country</c>) from parsing its whole state
/// each time. A file that differs in size or modification time (a table deleted and written again) is a miss.
/// </summary>
public sealed class SnapshotCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(Snapshot Snapshot, IReadOnlyList<LogFile> Checkpoint, IReadOnlyList<LogFile> Commits);

    /// <summary>How many snapshots were served whole or extended from the cache (for tests and diagnostics).</summary>
    public int Hits => _hits;
    private int _hits;

    /// <summary>
    /// The cached snapshot of <paramref name="segment"/> (<see cref="Reuse.Whole"/>), or one it can be extended from by
    /// replaying the commits after it (<see cref="Reuse.Prefix"/>), or nothing.
    /// </summary>
    internal (Snapshot? Snapshot, Reuse Kind) Find(string table, LogSegment segment)
    {
        if (!_entries.TryGetValue(table, out var e) || !SameFiles(e.Checkpoint, segment.Checkpoint)) return (null, Reuse.None);
        if (e.Commits.Count > segment.Commits.Count) return (null, Reuse.None);
        for (var i = 0; i < e.Commits.Count; i++)
            if (!SameFile(e.Commits[i], segment.Commits[i])) return (null, Reuse.None);
        Interlocked.Increment(ref _hits);
        return (e.Snapshot, e.Commits.Count == segment.Commits.Count ? Reuse.Whole : Reuse.Prefix);
    }

    /// <summary>Remembers a snapshot built from <paramref name="segment"/> unless a newer one of the table is cached.</summary>
    internal void Store(string table, LogSegment segment, Snapshot snapshot) =>
        _entries.AddOrUpdate(table, _ => new Entry(snapshot, segment.Checkpoint, segment.Commits),
            (_, old) => old.Snapshot.Version > snapshot.Version ? old : new Entry(snapshot, segment.Checkpoint, segment.Commits));

    private static bool SameFiles(IReadOnlyList<LogFile> a, IReadOnlyList<LogFile> b) =>
        a.Count == b.Count && a.Zip(b).All(p => SameFile(p.First, p.Second));

    private static bool SameFile(LogFile a, LogFile b) =>
        a.Name == b.Name && a.Size == b.Size && a.LastModified == b.LastModified;

    internal enum Reuse { None, Whole, Prefix }
}
