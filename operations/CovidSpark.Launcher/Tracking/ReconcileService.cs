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
/// <param name="After">State after.</param>
/// <param name="StepState">EMR's state of the item's step, when it has one.</param>
/// <param name="Note">What was done.</param>
public sealed record ReconciledItem(JobKey Key, JobState Before, JobState After, string? StepState, string Note);

/// <summary>Result of a reconcile pass.</summary>
public sealed record ReconcileReport(IReadOnlyList<ReconciledItem> Items)
{
    /// <summary>Items whose state changed.</summary>
    public int Changed => Items.Count(i => i.Before != i.After);
}

/// <summary>
/// Catches up on missed step events: for every SUBMITTED/RUNNING item asks EMR for its step (<c>DescribeStep</c>, once per
/// step) and applies the state; a SUBMITTED item that never got a step id within the claim grace is marked FAILED.
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
        var active = (await ledger.QueryByStateAsync(JobState.Submitted, cancellationToken: ct).ConfigureAwait(false))
            .Concat(await ledger.QueryByStateAsync(JobState.Running, cancellationToken: ct).ConfigureAwait(false));
        foreach (var record in active)
        {
            if (record.StepId is not { } stepId || record.ClusterId is not { } clusterId)
            {
                var age = time.GetUtcNow() - (record.SubmittedAt ?? record.UpdatedAt ?? time.GetUtcNow());
                if (age <= _options.ClaimGrace)
                {
                    items.Add(new ReconciledItem(record.Key, record.State, record.State, null, "claim in progress (no step id yet)"));
                    continue;
                }
                var abandoned = await ledger.AbandonClaimAsync(record, $"claim abandoned: no step was submitted within {_options.ClaimGrace.TotalMinutes:0} min", ct).ConfigureAwait(false);
                items.Add(new ReconciledItem(record.Key, record.State, abandoned.Record?.State ?? record.State, null, "abandoned claim marked FAILED"));
                continue;
            }
            if (!steps.TryGetValue(stepId, out var found))
            {
                try { found = ((await emr.DescribeStepAsync(new DescribeStepRequest(clusterId, stepId), ct).ConfigureAwait(false)).Step, null); }
                catch (AwsServiceException e) when (!e.IsTransient) { found = (null, $"{e.ErrorCode}: {e.ErrorMessage}"); }
                steps[stepId] = found;
            }
            if (found.Step is not { } step)
            {
                var failed = await ledger.ApplyStepTransitionAsync(new StepTransition(record.Key, stepId, JobState.Failed, null, $"reconcile: step {stepId} cannot be described ({found.Error})"), ct).ConfigureAwait(false);
                items.Add(new ReconciledItem(record.Key, record.State, failed.Record?.State ?? record.State, null, $"step unknown to EMR: {found.Error}"));
                continue;
            }
            var target = StepStateMapping.ToJobState(step.Status.State);
            if (target is null || target == record.State)
            {
                items.Add(new ReconciledItem(record.Key, record.State, record.State, step.Status.State, "up to date"));
                continue;
            }
            var at = target == JobState.Running ? step.Status.Timeline?.StartDateTime : step.Status.Timeline?.EndDateTime;
            var message = step.Status.FailureDetails?.Message ?? step.Status.StateChangeReason?.Message ?? $"reconcile: step {stepId} is {step.Status.State}";
            var result = await ledger.ApplyStepTransitionAsync(new StepTransition(record.Key, stepId, target.Value, at, message, step.Status.FailureDetails?.LogFile), ct).ConfigureAwait(false);
            items.Add(new ReconciledItem(record.Key, record.State, result.Record?.State ?? record.State, step.Status.State, result.Outcome.ToString()));
        }
        LogReconciled(_logger, items.Count, items.Count(i => i.Before != i.After), steps.Count);
        return new ReconcileReport(items);
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Reconcile: {Items} active item(s), {Changed} changed, {Steps} step(s) described")]
    private static partial void LogReconciled(ILogger logger, int items, int changed, int steps);
}
