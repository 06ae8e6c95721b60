using CovidSpark.Launcher.Config;
using CovidSpark.Launcher.Planning;

namespace CovidSpark.Launcher.Launch;

/// <summary>What to launch.</summary>
/// <param name="Jobs">Job names from emr-config.json.</param>
/// <param name="Range">The data dates (a single date is a one-day range).</param>
/// <param name="DryRun">Plan and report only: no claim, no cluster, no step.</param>
/// <param name="ChunkDays">Overrides the configured dates-per-step (null = configuration; configuration null = calendar month).</param>
/// <param name="OnlyDates">When set, only these dates of <paramref name="Range"/> are launched (used by retry-failed).</param>
/// <param name="Trigger">Who asked: <c>schedule</c>, <c>backfill</c>, <c>cli</c>, … (logged).</param>
/// <param name="Rerun">
/// Also resubmit dates that already SUCCEEDED or PARTIAL, as a new attempt planned into steps like new dates (e.g. after JHU
/// re-issued a report). Dates still SUBMITTED or RUNNING are skipped all the same. The daily schedule never sets it.
/// </param>
public sealed record LaunchRequest(
    IReadOnlyList<string> Jobs,
    DateRange Range,
    bool DryRun = false,
    int? ChunkDays = null,
    IReadOnlySet<DateOnly>? OnlyDates = null,
    string Trigger = "cli",
    bool Rerun = false)
{
    /// <summary>The daily schedule: the configured scheduled jobs for the day before <paramref name="eventTime"/> (UTC).</summary>
    public static LaunchRequest ForSchedule(LauncherConfig config, DateTimeOffset eventTime)
    {
        var yesterday = DateOnly.FromDateTime(eventTime.UtcDateTime).AddDays(-1);
        return new LaunchRequest(config.ScheduledJobs, new DateRange(yesterday, yesterday), Trigger: "schedule");
    }
}
