using System.Globalization;
using System.Text.RegularExpressions;

namespace CovidSpark.Delta.Log;

/// <summary>What a file in <c>_delta_log</c> is, from its name alone.</summary>
internal enum LogFileKind { Commit, ClassicCheckpoint, MultiPartCheckpoint, V2Checkpoint }

/// <summary>A recognised file of <c>_delta_log</c>.</summary>
/// <param name="Part">1-based part number of a multi-part checkpoint (else 1).</param>
/// <param name="Parts">Number of parts of a multi-part checkpoint (else 1).</param>
internal sealed record LogFile(string Name, long Version, LogFileKind Kind, int Part, int Parts, long Size, DateTimeOffset LastModified);

/// <summary>The naming rules of the log directory (PROTOCOL.md "Delta Log Entries" and "Checkpoints").</summary>
internal static partial class LogFileNames
{
    public const string LogDirectory = "_delta_log";
    public const string LastCheckpoint = "_delta_log/_last_checkpoint";
    public const string SidecarDirectory = "_delta_log/_sidecars";

    /// <summary><c>_delta_log/00000000000000000007.json</c>.</summary>
    public static string Commit(long version) => $"{LogDirectory}/{version.ToString("D20", CultureInfo.InvariantCulture)}.json";

    /// <summary><c>_delta_log/00000000000000000010.checkpoint.parquet</c>.</summary>
    public static string ClassicCheckpoint(long version) =>
        $"{LogDirectory}/{version.ToString("D20", CultureInfo.InvariantCulture)}.checkpoint.parquet";

    /// <summary>The 20-digit prefix every log file of <paramref name="version"/> starts with (a list's start-after key).</summary>
    public static string VersionPrefix(long version) => version.ToString("D20", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(\d{20})\.json$")]
    private static partial Regex CommitRegex();

    [GeneratedRegex(@"^(\d{20})\.checkpoint\.parquet$")]
    private static partial Regex ClassicRegex();

    [GeneratedRegex(@"^(\d{20})\.checkpoint\.(\d{10})\.(\d{10})\.parquet$")]
    private static partial Regex MultiPartRegex();

    [GeneratedRegex(@"^(\d{20})\.checkpoint\.[0-9a-fA-F-]{36}\.(json|parquet)$")]
    private static partial Regex V2Regex();

    /// <summary>The log file a name denotes, or null for anything else (crc files, temp files, compacted logs, …).</summary>
    public static LogFile? Parse(string name, long size, DateTimeOffset lastModified)
    {
        if (CommitRegex().Match(name) is { Success: true } c)
            return new LogFile(name, long.Parse(c.Groups[1].Value, CultureInfo.InvariantCulture), LogFileKind.Commit, 1, 1, size, lastModified);
        if (ClassicRegex().Match(name) is { Success: true } k)
            return new LogFile(name, long.Parse(k.Groups[1].Value, CultureInfo.InvariantCulture), LogFileKind.ClassicCheckpoint, 1, 1, size, lastModified);
        if (MultiPartRegex().Match(name) is { Success: true } m)
            return new LogFile(name, long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), LogFileKind.MultiPartCheckpoint,
                int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), size, lastModified);
        if (V2Regex().Match(name) is { Success: true } v)
            return new LogFile(name, long.Parse(v.Groups[1].Value, CultureInfo.InvariantCulture), LogFileKind.V2Checkpoint, 1, 1, size, lastModified);
        return null;
    }
}
