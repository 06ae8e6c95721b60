using System.Text.Json.Serialization;

namespace CovidSpark.Jobs.Pipeline;

/// <summary>What one run did, written to <c>&lt;lake&gt;/_runs/&lt;run-id&gt;.json</c>.</summary>
public sealed record RunManifest(
    string RunId,
    string Engine,
    string Status,
    int ExitCode,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    double DurationSeconds,
    RunInputs Inputs,
    IReadOnlyList<string> Dates,
    IReadOnlyList<JobReport> Jobs,
    string? Error)
{
    /// <summary>A dry run (<c>--dry-run</c>): plans were printed, nothing was computed or written but this manifest; its status is <c>DRY_RUN</c>.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// The first date of the range the run was for (<c>--from</c>, or the first date present when open): the same value the
    /// ledger records (<see cref="RunWindow.RangeOf"/>); null when the run found no date.
    /// </summary>
    public DateOnly? From { get; init; }

    /// <summary>The last date of that range (<c>--to</c>, or the last date present).</summary>
    public DateOnly? To { get; init; }

    /// <summary>
    /// The dates <c>--from</c>..<c>--to</c> asked for that the run has no report for (not in the input, not loaded, or not in the
    /// lake), <c>yyyy-MM-dd</c>: the run covers the others and says so, never narrowing the range silently.
    /// </summary>
    public IReadOnlyList<string> DatesMissing { get; init; } = [];

    /// <summary>
    /// The etl job's count and detail key for the later dates of the lake this run changed the inputs of (the detail lists them,
    /// <c>yyyy-MM-dd</c>, comma-separated).
    /// </summary>
    public const string FollowingDatesKey = "following_dates_to_refresh";

    /// <summary>The etl job's detail key prefix (then <c>yyyy-MM-dd</c>) saying what happened to a date of the input that loaded no row.</summary>
    public const string NotLoadedPrefix = "not_loaded_";

    /// <summary>The dates of the input that loaded no row, each with what happened to it (<see cref="NotLoadedPrefix"/>).</summary>
    public IReadOnlyList<string> DatesNotLoaded() =>
        Jobs.FirstOrDefault(j => j.Job == "etl")?.Details is { } details
            ? [.. details.Where(kv => kv.Key.StartsWith(NotLoadedPrefix, StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => $"{kv.Key[NotLoadedPrefix.Length..]}: {kv.Value}")]
            : [];

    /// <summary>The manifest as written to <c>_runs/&lt;run-id&gt;.json</c> (snake_case, indented).</summary>
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this, ManifestJsonContext.Default.RunManifest);

    /// <summary>The later dates to refresh (<see cref="FollowingDatesKey"/>), in order; empty when none.</summary>
    public IReadOnlyList<string> DatesToRefresh() =>
        Jobs.FirstOrDefault(j => j.Job == "etl")?.Details?.GetValueOrDefault(FollowingDatesKey) is { Length: > 0 } dates ? dates.Split(", ") : [];
}

/// <summary>The inputs of a run.</summary>
public sealed record RunInputs(string InputDirectory, string Indicators, string Lookup, string Lake, IReadOnlyList<string> Files);

/// <summary>One job of a run: its counts and how long it took.</summary>
public sealed record JobReport(
    string Job,
    string Status,
    double Seconds,
    long RowsIn,
    long RowsOut,
    long RowsQuarantined,
    IReadOnlyDictionary<string, long> Counts,
    IReadOnlyDictionary<string, string>? Details = null);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RunManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
