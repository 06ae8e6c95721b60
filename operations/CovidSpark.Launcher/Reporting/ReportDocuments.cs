using CovidSpark.Launcher.Launch;
using CovidSpark.Launcher.Tracking;
using CovidSpark.Ledger;

namespace CovidSpark.Launcher.Reporting;

/// <summary>JSON shape of a ledger item for scripts (<c>covidspark status --json</c>): plain strings and numbers, ledger attribute names.</summary>
public sealed record JobDocument(
    string Job, string DataDate, string State, int Attempt, long Version, string? ClusterId, string? StepId, string? RangeFrom, string? RangeTo,
    string? SubmittedAt, string? StartedAt, string? EndedAt, long? DurationMs, long? RowsIn, long? RowsOut, long? RowsQuarantined,
    string? Manifest, string? Message, string? LogUri, int PreviousAttempts)
{
    public static JobDocument Of(JobRecord r) => new(
        r.Key.Job, r.Key.DateText, r.State.ToWire(), r.Attempt, r.Version, r.ClusterId, r.StepId,
        r.RangeFrom is { } f ? LedgerFormats.FormatDate(f) : null, r.RangeTo is { } t ? LedgerFormats.FormatDate(t) : null,
        Instant(r.SubmittedAt), Instant(r.StartedAt), Instant(r.EndedAt), r.DurationMs, r.Counts?.RowsIn, r.Counts?.RowsOut, r.Counts?.RowsQuarantined,
        r.Manifest, r.Message, r.LogUri, r.PreviousAttempts.Count);

    private static string? Instant(DateTimeOffset? at) => at is { } v ? LedgerFormats.FormatInstant(v) : null;
}

/// <summary>JSON shape of one step in a launch report.</summary>
public sealed record StepDocument(string Job, string From, string To, int Dates, string? StepId, IReadOnlyList<string> Args, int MaxAttempt);

/// <summary>JSON shape of a skipped date.</summary>
public sealed record SkippedDocument(string Job, string Date, string? State, string Reason);

/// <summary>JSON shape of a deferred or failed chunk.</summary>
public sealed record ChunkDocument(string Job, string From, string To, string Reason);

/// <summary>JSON shape of a re-run date: the date and how its replaced attempt ended.</summary>
public sealed record RerunDocument(string Job, string Date, string PreviousState, int PreviousAttempt);

/// <summary>JSON shape of <see cref="LaunchReport"/> (Lambda response and <c>--json</c> output).</summary>
/// <remarks>Fields are only ever added at the end; <c>rerun</c>, <c>datesRerun</c> and <c>reruns</c> came with explicit re-runs.</remarks>
public sealed record LaunchDocument(
    bool DryRun, string From, string To, IReadOnlyList<string> Jobs, string? ClusterId, string Cluster, int ActiveStepsBefore, int StepBudget,
    int DatesSubmitted, IReadOnlyList<StepDocument> Steps, IReadOnlyList<SkippedDocument> Skipped, IReadOnlyList<ChunkDocument> Deferred,
    IReadOnlyList<ChunkDocument> Failures, bool Rerun, int DatesRerun, IReadOnlyList<RerunDocument> Reruns)
{
    public static LaunchDocument Of(LaunchReport r) => new(
        r.DryRun, LedgerFormats.FormatDate(r.Range.From), LedgerFormats.FormatDate(r.Range.To), r.Jobs, r.ClusterId, r.Cluster.ToString(),
        r.ActiveStepsBefore, r.StepBudget, r.DatesSubmitted,
        r.Steps.Select(s => new StepDocument(s.Job, LedgerFormats.FormatDate(s.Range.From), LedgerFormats.FormatDate(s.Range.To), s.Range.Days, s.StepId, s.Args,
            s.Attempts.Count == 0 ? 0 : s.Attempts.Values.Max())).ToList(),
        r.Skipped.Select(s => new SkippedDocument(s.Job, LedgerFormats.FormatDate(s.Date), s.State?.ToWire(), s.Reason)).ToList(),
        r.Deferred.Select(d => new ChunkDocument(d.Job, LedgerFormats.FormatDate(d.Range.From), LedgerFormats.FormatDate(d.Range.To), d.Reason)).ToList(),
        r.Failures.Select(d => new ChunkDocument(d.Job, LedgerFormats.FormatDate(d.Range.From), LedgerFormats.FormatDate(d.Range.To), d.Error)).ToList(),
        r.Rerun, r.DatesRerun,
        r.Reruns.Select(x => new RerunDocument(x.Job, LedgerFormats.FormatDate(x.Date), x.PreviousState.ToWire(), x.PreviousAttempt)).ToList());
}

/// <summary>JSON shape of one ledger outcome of the tracker.</summary>
public sealed record TransitionDocument(string Key, string Outcome, string? State, string? Reason);

/// <summary>JSON shape of <see cref="TrackResult"/> (step-status Lambda response).</summary>
public sealed record TrackDocument(string? Ignored, int Changed, IReadOnlyList<TransitionDocument> Results)
{
    public static TrackDocument Of(TrackResult r) => new(r.Ignored, r.Changed,
        r.Results.Select(x => new TransitionDocument(x.Key.PartitionKey, x.Outcome.ToString(), x.Record?.State.ToWire(), x.Reason)).ToList());
}

/// <summary>JSON shape of one reconciled item.</summary>
public sealed record ReconciledDocument(string Key, string Before, string After, string? StepState, string Note, bool Written);

/// <summary>JSON shape of <see cref="ReconcileReport"/>.</summary>
/// <param name="Items">Active items looked at.</param>
/// <param name="Changed">Items whose state changed.</param>
/// <param name="Written">Items reconcile wrote (state changes and steps recorded from their submit token).</param>
/// <param name="Details">The written items, or every item looked at when asked for all.</param>
public sealed record ReconcileDocument(int Items, int Changed, int Written, IReadOnlyList<ReconciledDocument> Details)
{
    public static ReconcileDocument Of(ReconcileReport r, bool all = false) => new(r.Items.Count, r.Changed, r.Writes.Count,
        r.Items.Where(i => all || i.Written).Select(i => new ReconciledDocument(i.Key.PartitionKey, i.Before.ToWire(), i.After.ToWire(), i.StepState, i.Note, i.Written)).ToList());
}
