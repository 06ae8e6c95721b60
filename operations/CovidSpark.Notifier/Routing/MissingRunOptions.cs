namespace CovidSpark.Notifier.Routing;

/// <summary>
/// The "daily run missing" alert: when the scheduled date (yesterday, UTC, as the daily launch picks it) has no SUCCEEDED
/// (or PARTIAL) item for a job by <paramref name="HourUtc"/>, the rooms that get failures are told, once per job and date.
/// </summary>
/// <param name="HourUtc">The hour (0–23, UTC) by which the scheduled run must have finished.</param>
/// <param name="Jobs">The scheduled jobs (<c>scheduledJobs</c> of emr-config.json).</param>
public sealed record MissingRunOptions(int HourUtc, IReadOnlyList<string> Jobs);
