using CovidSpark.Delta.Errors;

namespace CovidSpark.Delta.Log;

/// <summary>
/// The files a snapshot is built from: the newest complete checkpoint at or before the target version and the
/// contiguous JSON commits after it.
/// </summary>
internal sealed record LogSegment(long Version, IReadOnlyList<LogFile> Checkpoint, IReadOnlyList<LogFile> Commits, DateTimeOffset Timestamp)
{
    public long? CheckpointVersion => Checkpoint.Count > 0 ? Checkpoint[0].Version : null;

    /// <summary>Builds the segment for <paramref name="target"/> (latest when null) from a listing of <c>_delta_log</c>.</summary>
    public static LogSegment Build(string table, IReadOnlyList<LogFile> files, long? target)
    {
        var commits = files.Where(f => f.Kind == LogFileKind.Commit).ToDictionary(f => f.Version);
        var checkpoints = CompleteCheckpoints(files);
        if (commits.Count == 0 && checkpoints.Count == 0)
            throw new DeltaTableNotFoundException($"{table} is not a Delta table: no commit or checkpoint in _delta_log");

        var latest = Math.Max(commits.Count == 0 ? -1 : commits.Keys.Max(), checkpoints.Count == 0 ? -1 : checkpoints.Keys.Max());
        var version = target ?? latest;
        if (version > latest)
            throw new DeltaTimeTravelException($"{table} has no version {version}: the latest version is {latest}");
        if (version < 0)
            throw new DeltaTimeTravelException($"{table}: version {version} is not a valid version");

        var checkpointVersion = checkpoints.Keys.Where(v => v <= version).DefaultIfEmpty(-1).Max();
        var checkpoint = checkpointVersion >= 0 ? checkpoints[checkpointVersion] : [];
        var segmentCommits = new List<LogFile>();
        for (var v = checkpointVersion + 1; v <= version; v++)
        {
            if (!commits.TryGetValue(v, out var commit))
            {
                if (checkpointVersion < 0 && v == 0 && commits.Count > 0)
                    throw new DeltaTimeTravelException(
                        $"{table}: version {version} cannot be reconstructed: the log starts at version {commits.Keys.Min()} and no checkpoint covers the versions before it");
                throw new DeltaLogCorruptException(
                    $"{table}: the log is missing commit {LogFileNames.Commit(v)} (versions are not contiguous between {checkpointVersion + 1} and {version})");
            }
            segmentCommits.Add(commit);
        }
        var timestamp = commits.TryGetValue(version, out var last) ? last.LastModified : checkpoint[0].LastModified;
        return new LogSegment(version, checkpoint, segmentCommits, timestamp);
    }

    /// <summary>Checkpoints with every part present, by version (a v2 checkpoint preferred, then a classic, then multi-part).</summary>
    private static Dictionary<long, IReadOnlyList<LogFile>> CompleteCheckpoints(IReadOnlyList<LogFile> files)
    {
        var result = new Dictionary<long, IReadOnlyList<LogFile>>();
        foreach (var group in files.Where(f => f.Kind != LogFileKind.Commit).GroupBy(f => f.Version))
        {
            var v2 = group.FirstOrDefault(f => f.Kind == LogFileKind.V2Checkpoint);
            var classic = group.FirstOrDefault(f => f.Kind == LogFileKind.ClassicCheckpoint);
            if (v2 is not null) { result[group.Key] = [v2]; continue; }
            if (classic is not null) { result[group.Key] = [classic]; continue; }
            var multi = group.Where(f => f.Kind == LogFileKind.MultiPartCheckpoint)
                .GroupBy(f => f.Parts)
                .Where(g => g.Select(f => f.Part).Distinct().Count() == g.Key && g.All(f => f.Part >= 1 && f.Part <= g.Key))
                .OrderByDescending(g => g.Key)
                .FirstOrDefault();
            if (multi is not null) result[group.Key] = multi.GroupBy(f => f.Part).Select(g => g.First()).OrderBy(f => f.Part).ToList();
        }
        return result;
    }
}
