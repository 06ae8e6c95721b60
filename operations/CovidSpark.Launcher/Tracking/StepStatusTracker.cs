using CovidSpark.Launcher.Planning;
using CovidSpark.Ledger;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Launcher.Tracking;

/// <summary>The parts of an EMR "Step Status Change" event the tracker needs.</summary>
/// <param name="ClusterId">Cluster id.</param>
/// <param name="StepId">Step id.</param>
/// <param name="StepName">Step name; the launcher's names encode job and range.</param>
/// <param name="State">EMR step state (PENDING, RUNNING, COMPLETED, CANCELLED, FAILED, INTERRUPTED).</param>
/// <param name="Message">EMR's message about the change.</param>
/// <param name="Time">Event time.</param>
public sealed record StepStatusChange(string ClusterId, string StepId, string StepName, string State, string? Message, DateTimeOffset? Time);

/// <summary>What the tracker did with one event.</summary>
/// <param name="Ignored">Why the event was ignored as a whole (not our step, state with nothing to record), or null.</param>
/// <param name="Results">Per-date ledger outcomes.</param>
public sealed record TrackResult(string? Ignored, IReadOnlyList<TransitionResult> Results)
{
    /// <summary>Number of ledger items written.</summary>
    public int Changed => Results.Count(r => r.Changed);
}

/// <summary>
/// Moves ledger items when EMR reports a step state change. Safe with duplicate, late and out-of-order events: the ledger
/// ignores events for other step ids and moves that are not forward.
/// </summary>
public sealed partial class StepStatusTracker(IJobLedger ledger, ILogger<StepStatusTracker>? logger = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Applies one event to every date the step covers.</summary>
    public async Task<TrackResult> TrackAsync(StepStatusChange change, CancellationToken ct = default)
    {
        if (!StepNames.TryParse(change.StepName, out var job, out var range, out var token))
        {
            LogForeign(_logger, change.StepId, change.StepName);
            return new TrackResult($"step '{change.StepName}' was not submitted by the launcher", []);
        }
        if (StepStateMapping.ToJobState(change.State) is not { } target)
            return new TrackResult($"step state {change.State} has nothing to record", []);

        var results = new List<TransitionResult>(range.Days);
        foreach (var date in range.Dates())
        {
            var transition = new StepTransition(new JobKey(job, date), change.StepId, target, change.Time, Describe(change), SubmitToken: token, ClusterId: change.ClusterId);
            results.Add(await ledger.ApplyStepTransitionAsync(transition, ct).ConfigureAwait(false));
        }
        LogTracked(_logger, change.StepId, change.State, range.ToString(), results.Count(r => r.Changed), results.Count);
        return new TrackResult(null, results);
    }

    private static string Describe(StepStatusChange change) =>
        string.IsNullOrWhiteSpace(change.Message) ? $"step {change.StepId} {change.State}" : change.Message.Length > 1000 ? change.Message[..1000] : change.Message;

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Step {StepId} ({Name}) is not a launcher step; ignored")]
    private static partial void LogForeign(ILogger logger, string stepId, string name);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Step {StepId} {State} for {Range}: {Changed} of {Total} item(s) changed")]
    private static partial void LogTracked(ILogger logger, string stepId, string state, string range, int changed, int total);
}
