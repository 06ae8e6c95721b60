using CovidSpark.Aws.Emr.Model;
using CovidSpark.Ledger;

namespace CovidSpark.Launcher.Tracking;

/// <summary>EMR step states → ledger states.</summary>
public static class StepStateMapping
{
    /// <summary>
    /// RUNNING → RUNNING, COMPLETED → SUCCEEDED, FAILED/INTERRUPTED → FAILED, CANCELLED → CANCELLED;
    /// null for PENDING and CANCEL_PENDING (nothing to record yet) and unknown states.
    /// </summary>
    public static JobState? ToJobState(string? emrState) => emrState?.ToUpperInvariant() switch
    {
        StepStates.Running => JobState.Running,
        StepStates.Completed => JobState.Succeeded,
        StepStates.Failed or StepStates.Interrupted => JobState.Failed,
        StepStates.Cancelled => JobState.Cancelled,
        _ => null,
    };
}
