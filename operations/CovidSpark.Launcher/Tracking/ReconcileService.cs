using CovidSpark.Aws;
using CovidSpark.Aws.Emr;
using CovidSpark.Aws.Emr.Model;
using CovidSpark.Launcher.Launch;
using CovidSpark.Ledger;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Launcher.Tracking;

/// <summary>One item looked at by reconcile.</summary>
/// <param name="Key">The item.</param>
/// <param name="Before">State before.</param>
/// <param name="After">State after (as the ledger holds it now, not as intended).</param>
/// <param name="StepState">EMR's state of the item's step, when it has one.</param>
/// <param name="Note">What was done, or why nothing was.</param>
/// <param name="Written">True when reconcile wrote the item (a state change, or a step found by its submit token and recorded).</param>
public sealed record ReconciledItem(JobKey Key, JobState Before, JobState After, string? StepState, string Note, bool Written = false);

/// <summary>Result of a reconcile pass.</summary>
public sealed record ReconcileReport(IReadOnlyList<ReconciledItem> Items)
{
    /// <summary>Items whose state changed.</summary>
    public int Changed => Items.Count(i => i.Before != i.After);

    /// <summary>Items reconcile wrote (state changes and adopted steps).</summary>
    public IReadOnlyList<ReconciledItem> Writes => Items.Where(i => i.Written).ToList();
}

/// <summary>
/// Catches up on missed step events: for every SUBMITTED/RUNNING item asks EMR for its step (<c>DescribeStep</c>, once per
/// step) and applies the state. An item without a step id is first looked up by its submit token (a launcher that died after
/// <c>AddJobFlowSteps</c>): the step found is recorded and its state applied — never resubmitted. A SUBMITTED item with no such
/// step after the claim grace is marked FAILED; so is a RUNNING item without a step (a manual run) whose heartbeat lease expired.
/// Every note says what the ledger holds afterwards, not what was attempted.
/// </summary>
public sealed partial class ReconcileService(IEmrClient emr, IJobLedger ledger, TimeProvider time, LauncherOptions? options = null, ILogger<ReconcileService>? logger = null)
{
    private readonly LauncherOptions _options = options ?? LauncherOptions.Default;
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Reconciles every active item.</summary>
    public async Task<ReconcileReport> ReconcileAsync(CancellationToken ct = default)
    {
        var items = new List<ReconciledItem>();
        var steps = new Dictionary<string, (StepSummary? Step, string? Error)>(StringComparer.Ordinal);
        var finder = new SubmittedStepFinder(emr);
        var active = (await ledger.QueryByStateAsync(JobState.Submitted, cancellationToken: ct).ConfigureAwait(false))
            .Concat(await ledger.QueryByStateAsync(JobState.Running, cancellationToken: ct).ConfigureAwait(false));
        foreach (var read in active)
        {
            var record = read;
            var adopted = false;
            var now = time.GetUtcNow();
            if (record.StepId is null && now > _options.ClaimExpiry(record)
                && await finder.FindAsync(record, null, ct).ConfigureAwait(false) is { } found)
            {
                var adopt = await ledger.AdoptStepAsync(record, found.ClusterId, found.Step.Id, null, ct).ConfigureAwait(false);
                if (adopt.Record is { StepId: { } id } current && id == found.Step.Id)
                {
                    record = current;
                    adopted = adopt.Changed;
                    steps[found.Step.Id] = (found.Step, null);
                }
            }
            if (record.StepId is not { } stepId || record.ClusterId is not { } clusterId)
            {
                items.Add(await WithoutStepAsync(record, now, ct).ConfigureAwait(false));
                continue;
            }
            var adoption = adopted ? $"step {stepId} found by its submit token and recorded; " : "";
            if (!steps.TryGetValue(stepId, out var described))
            {
                try { described = ((await emr.DescribeStepAsync(new DescribeStepRequest(clusterId, stepId), ct).ConfigureAwait(false)).Step, null); }
                catch (AwsServiceException e) when (!e.IsTransient) { described = (null, $"{e.ErrorCode}: {e.ErrorMessage}"); }
                steps[stepId] = described;
            }
            if (described.Step is not { } step)
            {
                var failed = await ledger.ApplyStepTransitionAsync(new StepTransition(record.Key, stepId, JobState.Failed, null, $"reconcile: step {stepId} cannot be described ({described.Error})"), ct).ConfigureAwait(false);
                items.Add(Item(read, failed, null, $"{adoption}step unknown to EMR ({described.Error})", adopted));
                continue;
            }
            var target = StepStateMapping.ToJobState(step.Status.State);
            if (target is null || target == record.State)
            {
                items.Add(new ReconciledItem(record.Key, read.State, record.State, step.Status.State, $"{adoption}up to date", adopted));
                continue;
            }
            var at = target == JobState.Running ? step.Status.Timeline?.StartDateTime : step.Status.Timeline?.EndDateTime;
            var message = step.Status.FailureDetails?.Message ?? step.Status.StateChangeReason?.Message ?? $"reconcile: step {stepId} is {step.Status.State}";
            var result = await ledger.ApplyStepTransitionAsync(new StepTransition(record.Key, stepId, target.Value, at, message, step.Status.FailureDetails?.LogFile), ct).ConfigureAwait(false);
            items.Add(Item(read, result, step.Status.State, $"{adoption}step {stepId} is {step.Status.State}", adopted));
        }
        LogReconciled(_logger, items.Count, items.Count(i => i.Written), steps.Count);
        return new ReconcileReport(items);
    }

    /// <summary>An active item with no step (none found by its token either).</summary>
    private async Task<ReconciledItem> WithoutStepAsync(JobRecord record, DateTimeOffset now, CancellationToken ct)
    {
        if (record.State == JobState.Submitted)
        {
            if (now <= _options.ClaimExpiry(record))
                return new ReconciledItem(record.Key, record.State, record.State, null, "claim in progress (no step id yet)");
            var reason = $"claim abandoned: no step was submitted within {_options.ClaimGrace.TotalMinutes:0} min" + (record.SubmitToken is { } t ? $" (no step carries token {t})" : "");
            return Item(record, await ledger.AbandonClaimAsync(record, reason, ct).ConfigureAwait(false), null, "abandoned claim");
        }
        var lease = _options.RunExpiry(record);
        if (lease > now)
            return new ReconciledItem(record.Key, record.State, record.State, null,
                $"run without a step, alive until {LedgerFormats.FormatInstant(lease)}" + (record.LeaseExpiresAt is null ? " (no heartbeat lease; started + grace)" : " (heartbeat lease)"));
        var why = record.LeaseExpiresAt is null
            ? $"run abandoned: RUNNING without a step and no report for {_options.UnleasedRunGrace.TotalHours:0} h"
            : $"run abandoned: RUNNING without a step and no heartbeat since its lease expired at {LedgerFormats.FormatInstant(lease)}";
        return Item(record, await ledger.AbandonRunAsync(record, why, ct).ConfigureAwait(false), null, "abandoned run");
    }

    /// <summary>What a write did, in the words of the ledger's answer: "marked FAILED" only when the item is FAILED now.</summary>
    private static ReconciledItem Item(JobRecord before, TransitionResult result, string? stepState, string what, bool adopted = false)
    {
        var after = result.Record?.State ?? before.State;
        var note = result.Changed
            ? $"{what}: {before.State.ToWire()} → {after.ToWire()}"
            : $"{what}: left {after.ToWire()} ({result.Outcome}{(result.Reason is null ? "" : ": " + result.Reason)})";
        return new ReconciledItem(before.Key, before.State, after, stepState, note, result.Changed || adopted);
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Reconcile: {Items} active item(s), {Written} written, {Steps} step(s) described")]
    private static partial void LogReconciled(ILogger logger, int items, int written, int steps);
}
